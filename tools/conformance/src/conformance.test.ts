import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance } from './run.js';
import { compare } from './compare.js';
import { loadFixtureDir } from './fixtures.js';

const dir = fileURLToPath(new URL('../../../fixtures/public', import.meta.url));
const report = await runConformance(dir);

describe('public fixtures through the real packages', () => {
  // A kind gets a test once its adapter exists: a kind with every case skipped has nothing to assert.
  for (const k of report.kinds.filter((x) => x.passed + x.failed > 0)) {
    it(`${k.kind}: no case fails`, () => {
      const failed = report.cases.filter((c) => c.kind === k.kind && c.status === 'failed');
      expect(failed.map((c) => `${c.id}: ${c.reason ?? JSON.stringify(c.mismatch)}`)).toEqual([]);
    });
  }
  it('every fixture file is read and every case gets a verdict with a reason when skipped', () => {
    expect(report.cases.length).toBeGreaterThan(400);
    for (const c of report.cases.filter((x) => x.status === 'skipped')) expect(c.reason).toBeTruthy();
  });
});

describe('runner mechanics', () => {
  it('compares like numpy.allclose and reports the worst element', () => {
    expect(compare({ name: 'x', actual: [1, 2.0001], expected: [1, 2] }, 1e-4, 0)).toBeNull();
    const m = compare({ name: 'x', actual: [1, 2.01, 3.5], expected: [1, 2, 3] }, 1e-4, 0);
    expect(m?.index).toBe(2);
    expect(m?.absErr).toBeCloseTo(0.5, 12);
    expect(compare({ name: 'k', actual: [3], expected: [3.0000001], exact: true }, 1, 1)).not.toBeNull();
    expect(compare({ name: 'n', actual: [NaN], expected: [0] }, 1e-4, 1e-6)).not.toBeNull();
  });
  it('rejects a missing directory and a malformed file with the file named', () => {
    expect(() => loadFixtureDir('/nonexistent/fixtures')).toThrow(/not found/);
    const d = mkdtempSync(join(tmpdir(), 'conf-'));
    writeFileSync(join(d, 'bad.json'), '{"kind": 3}');
    expect(() => loadFixtureDir(d)).toThrow(/bad\.json/);
  });
});
