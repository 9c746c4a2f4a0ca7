// The README's promise on a fresh clone: after `npm ci` (and the build), `npx descent …` runs this
// repository's CLI, offline; never a registry package of the same name. The clone is of HEAD (commit
// first when trying local changes); the build is copied from this checkout instead of rerun.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'descent-clone-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('a fresh clone', () => {
  it('links the descent bin at npm ci and runs it with npx, offline', () => {
    const clone = join(work, 'descent');
    expect(run('git', ['clone', '--quiet', root, clone], work).status).toBe(0);
    const ci = run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], clone);
    expect(ci.err).not.toMatch(/ENOTCACHED/);
    expect(ci.status).toBe(0);

    const unbuilt = run('npx', ['descent', '--help'], clone);
    expect(unbuilt.err.trim()).toBe('descent: not built yet; run `npm run build` (or `npm start`) in the repository first');
    expect(unbuilt.status).toBe(2);

    for (const dir of ['packages/optim-wasm/wasm', ...['optim-wasm', 'autodiff', 'regularize', 'train', 'cli'].map((p) => `packages/${p}/dist`)]) {
      expect(existsSync(join(root, dir)), `${dir} (run npm run build first)`).toBe(true);
      cpSync(join(root, dir), join(clone, dir), { recursive: true });
    }
    const help = run('npx', ['descent', '--help'], clone);
    expect(help.err).toBe('');
    expect(help.out).toMatch(/^Usage: descent \[options\] \[command\]/);
    expect(help.out).toMatch(/\btrain\b/);
    expect(help.status).toBe(0);
  }, 300_000);
});
