// The README's "In code" block, extracted and run exactly as printed: if the public API drifts or
// the example stops learning, this fails.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

describe("README's in-code example", () => {
  it('runs as printed and both ways learn the two moons', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /## In code\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README.md has an "In code" ts block').toBeDefined();
    // beside this test, so the @descent/* imports resolve as they do for a user of the packages
    const dir = join(import.meta.dirname, '.readme-example');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `example-${process.pid}.ts`);
    writeFileSync(file, block!);
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    try {
      await import(file);
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    const acc = (who: string) => Number(new RegExp(`^${who}: accuracy (\\S+)$`).exec(lines.find((l) => l.startsWith(who)) ?? '')?.[1]);
    expect(acc('by hand')).toBeGreaterThan(0.85);
    expect(acc('fit')).toBeGreaterThan(0.85);
  }, 60_000);
});
