// Every public package must work on its own: pack it, install the tarballs into a project outside
// the workspace, and import each from plain Node ESM (the .wasm must load from the installed package).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const publicPackages = ['optim-wasm', 'autodiff', 'regularize', 'train', 'cli'];
const work = mkdtempSync(join(tmpdir(), 'descent-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packages are consumable on their own', () => {
  it('npm pack + install into a fresh project + import from plain Node ESM', () => {
    const tarDir = join(work, 'tarballs');
    mkdirSync(tarDir);
    for (const p of publicPackages) {
      execFileSync('npm', ['pack', '--silent', '--pack-destination', tarDir], { cwd: join(root, 'packages', p), stdio: 'pipe' });
    }
    const tarballs = readdirSync(tarDir).map((f) => join(tarDir, f));
    expect(tarballs).toHaveLength(publicPackages.length);
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], { cwd: app, stdio: 'pipe' });
    const script = [
      ...publicPackages.map((p, i) => `import * as m${i} from '@descent/${p}';`),
      `const core = m0.loadCoreSync();`,
      `const b = core.alloc(5).fill(3);`,
      `console.log(JSON.stringify({ sum: [...b.read()].reduce((a, x) => a + x, 0), variant: core.variant, modules: [${publicPackages.map((_, i) => `typeof m${i}`).join(',')}] }));`,
    ].join('\n');
    writeFileSync(join(app, 'main.mjs'), script);
    const out = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }).trim());
    expect(out).toEqual({ sum: 15, variant: 'simd', modules: publicPackages.map(() => 'object') });
  }, 180_000);
});
