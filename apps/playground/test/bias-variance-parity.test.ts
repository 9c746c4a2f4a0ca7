// The bias–variance view's copied `descent experiment bias-variance --samples …` command
// reproduces the view's run bit for bit: the built CLI's --json fits, coefficients, terms, U-curve
// and disagreement plane equal @descent/train's runBiasVariance on the view's settings (the code
// the playground's worker runs), compared as exact f64 values (f32 bits for the f32 sample).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBiasVariance, type BiasVarianceRun } from '@descent/train';
import { describe, expect, it } from 'vitest';
import { biasVarianceCommand, cliCommand } from '../src/cli-command.js';
import type { BiasVarianceConfig } from '../src/config.js';
import { runBiasVariance as runView, viewSettings } from '../src/engine/bias-variance.js';
import { DEFAULTS, parseHash } from '../src/state.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'main.js');
const missing = existsSync(CLI) ? null : `the CLI is not built (${CLI}); run npx turbo build --filter=@descent/cli`;

type CliJson = Record<string, unknown> & Omit<BiasVarianceRun, 'disagreement'> & { disagreement: Omit<NonNullable<BiasVarianceRun['disagreement']>, 'members'> | null };

function cliRun(c: BiasVarianceConfig): CliJson {
  const out = mkdtempSync(join(tmpdir(), 'playground-bv-'));
  try {
    const words = biasVarianceCommand(c).split(' ');
    expect(words.slice(0, 3)).toEqual(['descent', 'experiment', 'bias-variance']);
    const r = spawnSync(process.execPath, [CLI, 'experiment', 'bias-variance', ...words.slice(3), '--json', '--quiet', '--out', join(out, 'run')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as CliJson;
    expect(json['experiment']).toBe('bias-variance');
    return json;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Exact equality of number lists (JSON writes −0 as 0: compare with ===, which keeps every other bit). */
function same(a: readonly number[], b: readonly number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  const bad = a.findIndex((v, i) => !(v === b[i]));
  expect(bad, `${what}[${bad}]: ${a[bad]} vs ${b[bad]}`).toBe(-1);
}
const f32bits = (v: readonly number[]) => Array.from(new Uint32Array(Float32Array.from(v).buffer));

const CASES: [string, BiasVarianceConfig][] = [
  ['the default view', DEFAULTS['bias-variance']],
  ['few noisy points, a high degree, few fits', { samples: 12, noise: 0.8, degree: 9, fits: 5, maxDegree: 15, seed: 3 }],
  ['settings read back from a URL', parseHash('#view=bias-variance&samples=73&noise=0.15&degree=5&fits=30&maxDegree=8&seed=11').config as BiasVarianceConfig],
];

describe("the bias–variance view's CLI command reproduces it exactly", () => {
  // a parity test fails, never skips, when what it compares is missing
  it('has the built CLI to compare with', () => expect(missing).toBeNull());
  it('the copy button calls it exact and writes every slider', () => {
    const s = parseHash('#view=bias-variance');
    expect(cliCommand(s)).toEqual({ command: biasVarianceCommand(DEFAULTS['bias-variance']), exact: true, needsFile: null });
    expect(biasVarianceCommand(DEFAULTS['bias-variance'])).toBe('descent experiment bias-variance --samples 40 --noise 0.3 --fits 20 --degree 3 --max-degree 12 --seed 7');
    expect(CASES[2]![1]).toEqual({ samples: 73, noise: 0.15, degree: 5, fits: 30, maxDegree: 8, seed: 11 });
  });
  for (const [name, c] of CASES) {
    it(`${name}: every fit, term, U-curve row and disagreement cell is identical`, () => {
      const mine = runBiasVariance(viewSettings(c));
      const cli = cliRun(c);
      expect(cli.settings).toEqual(mine.settings);
      same(cli.x, mine.x, 'x');
      same(cli.truth, mine.truth, 'truth');
      expect(f32bits(cli.data.x)).toEqual(f32bits(mine.data.x));
      expect(f32bits(cli.data.y)).toEqual(f32bits(mine.data.y));
      expect(cli.fits).toHaveLength(c.fits);
      mine.fits.forEach((f, k) => same(cli.fits[k]!, f, `fits[${k}]`));
      mine.coefficients.forEach((f, k) => same(cli.coefficients[k]!, f, `coefficients[${k}]`));
      same(cli.mean, mine.mean, 'mean');
      expect(cli.terms).toEqual(mine.terms);
      expect(cli.curve).toEqual(mine.curve);
      expect(cli['results']).toEqual(mine.curve);
      const d = mine.disagreement!;
      const e = cli.disagreement!;
      expect([e.res, e.bounds, e.meanVariance, e.maxVariance, e.trainAccuracy]).toEqual([d.res, d.bounds, d.meanVariance, d.maxVariance, d.trainAccuracy]);
      same(e.variance, d.variance, 'variance');
      same(e.mean, d.mean, 'mean probabilities');
      expect(f32bits(e.points.x)).toEqual(f32bits(d.points.x));
      expect(e.points.y).toEqual(d.points.y);
      // and the view draws exactly these numbers
      const view = runView(c);
      expect(view.terms).toEqual(cli.terms);
      expect(view.curve).toEqual(cli.curve);
      same(view.mean.y, cli.mean, 'view mean');
      expect(Array.from(view.boundary!.p)).toEqual(Array.from(Float32Array.from({ length: e.res * e.res }, (_, i) => e.mean[2 * i + 1]!)));
      expect(Array.from(view.disagreement!.p)).toEqual(Array.from(Float32Array.from(e.variance, (v) => v / e.maxVariance)));
    }, 120_000);
  }
});
