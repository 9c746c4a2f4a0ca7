// Each package README's quick start runs verbatim: its first ```ts block as an ES module inside the
// package (so imports resolve as for a user of the workspace) must print exactly the ```text block
// that follows it; the CLI's ```sh block must exit 0 line by line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function block(readme: string, lang: string, after = 0): { code: string; end: number } {
  const start = readme.indexOf('```' + lang + '\n', after);
  expect(start, `a \`\`\`${lang} block`).toBeGreaterThanOrEqual(0);
  const from = start + lang.length + 4;
  const end = readme.indexOf('\n```', from);
  return { code: readme.slice(from, end + 1), end };
}

describe('README quick starts run verbatim', { timeout: 120_000 }, () => {
  for (const p of ['optim-wasm', 'autodiff', 'regularize', 'train']) {
    it(`packages/${p}/README.md`, () => {
      const dir = join(root, 'packages', p);
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      expect(readme).toMatch(/## Quick start/);
      const code = block(readme, 'ts');
      const expected = block(readme, 'text', code.end).code;
      const file = join(dir, `.quick-start-${process.pid}.mjs`);
      writeFileSync(file, code.code);
      try {
        expect(execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' })).toBe(expected);
      } finally {
        rmSync(file, { force: true });
      }
    });
  }

  const work = mkdtempSync(join(tmpdir(), 'descent-quick-start-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  it('packages/cli/README.md', () => {
    const readme = readFileSync(join(root, 'packages', 'cli', 'README.md'), 'utf8');
    const lines = block(readme, 'sh').code.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const [cmd, ...args] = line.split(/\s+/);
      expect(cmd).toBe('npx');
      // npx from the repository resolves the workspace's bin; the run directory goes to a temp dir
      const out = execFileSync('npx', ['--offline', ...args.map((a) => (a.startsWith('runs/') ? join(work, a) : a))], { cwd: root, encoding: 'utf8' });
      expect(typeof out).toBe('string');
    }
    expect(readFileSync(join(work, 'runs', 'quick-start', 'model.safetensors')).length).toBeGreaterThan(8);
  });
});
