// `descent experiment bias-variance --samples … --degree …`: the playground's bias–variance view
// from the terminal (@descent/train's runBiasVariance, the same engine), its flags and errors.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIAS_VARIANCE_DEFAULTS, biasVarianceSettings, runBiasVariance } from '@descent/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, descent, readJsonl, tmp } from './helpers.js';

beforeAll(() => buildCli());

const json = (s: string) => JSON.parse(s) as Record<string, any>;

describe('descent experiment bias-variance with the view\'s flags', () => {
  it('missing flags take the view\'s defaults, the seed the CLI\'s; --json carries the whole run', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'bias-variance', '--degree', '4', '--fits', '6', '--json', '--quiet', '--out', 'bv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    const settings = biasVarianceSettings({ ...BIAS_VARIANCE_DEFAULTS, degree: 4, fits: 6, seed: 0 });
    expect(o['settings']).toEqual(settings);
    expect(o['settings'].disagreement).toMatchObject({ members: 6, width: 10 });
    const mine = runBiasVariance(settings);
    expect(o['terms']).toEqual(mine.terms);
    expect(o['results']).toEqual(mine.curve);
    expect(o['curve']).toHaveLength(13);
    expect(o['fits']).toEqual(mine.fits);
    expect(o['disagreement'].variance).toEqual(mine.disagreement!.variance);
    expect(o['disagreement'].members).toBeUndefined();
    for (const c of o['curve']) expect(c.bias2 + c.variance + c.noise).toBeCloseTo(c.total, 14);
    // the report draws the fits, the bars, the U-curve and the disagreement map
    const html = readFileSync(join(dir, 'bv', 'report.html'), 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(readFileSync(join(dir, 'bv', 'config.json'), 'utf8'))['view']).toEqual(settings);
  }, 60_000);

  it('--no-disagreement skips the 2-D part: no member lines or checkpoints', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'bias-variance', '--samples', '25', '--max-degree', '4', '--no-disagreement', '--seed', '3', '--json', '--quiet', '--out', 'bv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    expect(o['disagreement']).toBeNull();
    expect(o['settings'].disagreement).toBeNull();
    expect(o['terms']).toEqual(runBiasVariance({ ...BIAS_VARIANCE_DEFAULTS, samples: 25, maxDegree: 4, seed: 3, disagreement: null }).terms);
    expect(readJsonl(join(dir, 'bv', 'metrics.jsonl')).map((l) => l['degree'])).toEqual([0, 1, 2, 3, 4]);
    expect(readdirSync(join(dir, 'bv', 'checkpoint'))).toEqual(['bias-variance-fits']);
  });

  it('without the view\'s flags the lecture protocol runs (capacity rows)', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'bias-variance', '--quick', '--json', '--quiet', '--out', 'bv'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)['results'].map((x: { capacity: number }) => x.capacity)).toEqual([0, 1, 3, 5, 7, 9]);
  });

  it('bad view flags: one line, exit 2, no run directory', async () => {
    const dir = tmp();
    const cases: [string[], RegExp][] = [
      [['experiment', 'bias-variance', '--samples', 'abc'], /--samples: expected a number, got "abc"/],
      [['experiment', 'bias-variance', '--samples', '1'], /--samples must be an integer in \[2, ∞\], got 1/],
      [['experiment', 'bias-variance', '--degree', '2.5'], /--degree must be an integer in \[0, 20\], got 2.5/],
      [['experiment', 'bias-variance', '--max-degree', '21'], /--max-degree must be an integer in \[0, 20\], got 21/],
      [['experiment', 'bias-variance', '--noise', '-1'], /--noise must be a finite number >= 0, got -1/],
      [['experiment', 'bias-variance', '--fits', '0'], /--fits must be an integer in \[1, ∞\], got 0/],
      [['experiment', 'bias-variance', '--members', '0'], /--members must be an integer in \[1, ∞\], got 0/],
      [['experiment', 'bias-variance', '--no-disagreement', '--width', '4'], /--no-disagreement: drop --members and --width/],
      [['experiment', 'optimizers', '--degree', '3'], /--degree: only `descent experiment bias-variance` takes it, not optimizers/],
      [['experiment', 'all', '--samples', '30'], /--samples: only `descent experiment bias-variance` takes it, not all/],
      [['experiment', 'optimizers', '--function', 'beale', '--fits', '3'], /--fits: a bias–variance setting/],
      [['experiment', 'bias-variance', '--seed', '-2', '--fits', '3'], /--seed: must be a non-negative integer, got -2/],
    ];
    for (const [args, message] of cases) {
      const r = await descent([...args, '--quiet', '--out', 'bad'], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  }, 60_000);
});
