// `descent experiment optimizers --function …` (the playground's race, same engine) and the
// regularizer ablation on a setup that really over-fits.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRace, type RaceTrack } from '@descent/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, descent, tmp } from './helpers.js';

beforeAll(() => buildCli());

const json = (s: string) => JSON.parse(s) as Record<string, any>;

describe('descent experiment optimizers --function (the playground race)', () => {
  it('prints every racer\'s trajectory and losses, equal to runRace on the same settings', async () => {
    const dir = tmp();
    const args = ['--function', 'beale', '--start=1,1.5', '--steps', '60', '--lr', '0.01', '--beta1', '0.8', '--eps', '1e-7', '--optimizers', 'sgd,momentum,adam,adadelta'];
    const r = await descent(['experiment', 'optimizers', ...args, '--json', '--quiet', '--out', 'race'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    expect(o['experiment']).toBe('optimizers');
    const settings = { fn: 'beale', racers: ['sgd', 'momentum', 'adam', 'adadelta'], x0: 1, y0: 1.5, lr: 0.01, momentum: 0.9, beta1: 0.8, beta2: 0.999, eps: 1e-7, rho: 0.9, alpha: 0.99, steps: 60 } as const;
    expect(o['settings']).toEqual(settings);
    const mine = runRace({ ...settings, racers: [...settings.racers] });
    expect(o['tracks'] as RaceTrack[]).toEqual(mine);
    for (const [i, row] of (o['results'] as Record<string, unknown>[]).entries()) {
      const t = mine[i]!;
      expect(row).toMatchObject({ optimizer: t.optimizer, steps: t.loss.length - 1, diverged: t.diverged, initialLoss: t.loss[0], finalLoss: t.loss.at(-1), final: t.path.at(-1) });
    }
    // the run directory: results.json holds the tracks, the report draws the contour and the curves
    expect(JSON.parse(readFileSync(join(dir, 'race', 'results.json'), 'utf8'))['data']['tracks']).toEqual(mine);
    const html = readFileSync(join(dir, 'race', 'report.html'), 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(html).not.toContain('"tracks"');
  });

  it('bad race flags: one line, exit 2, with a suggestion', async () => {
    const dir = tmp();
    const cases: [string[], RegExp][] = [
      [['--function', 'rosenbrok'], /--function: unknown name "rosenbrok" \(did you mean rosenbrock\?\)/],
      [['--function', 'beale', '--optimizers', 'sgd,adma'], /--optimizers: unknown name "adma" \(did you mean adam\?\)/],
      [['--function', 'beale', '--start', '1'], /--start: expected X,Y/],
      [['--function', 'beale', '--lr', '-0.1'], /--lr: must be non-negative, got -0.1/],
      [['--function', 'beale', '--steps', '0'], /--steps: expected a positive integer/],
      [['--function', 'beale', '--eps', 'abc'], /--eps: expected a number, got "abc"/],
      [['--lr', '0.1'], /--lr: a race setting; give --function too/],
    ];
    for (const [args, message] of cases) {
      const r = await descent(['experiment', 'optimizers', ...args, '--quiet', '--out', 'bad'], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const other = await descent(['experiment', 'regularizers', '--function', 'beale', '--quiet'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--function: only `descent experiment optimizers` takes it/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});

describe('descent experiment regularizers', () => {
  it('over-fits without a regularizer (train ≫ test) and reports train, test and gap per seed', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'regularizers', '--quick', '--json', '--out', 'reg'], dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = json(r.stdout)['results'] as { regularizer: string; trainAccuracy: number; testAccuracy: number; gap: number; gapStd: number; seeds: number[]; perSeed: { seed: number; train: number; test: number; gap: number }[] }[];
    expect(rows.map((x) => x.regularizer)[0]).toBe('none');
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.seeds).toEqual([0, 1]);
      expect(row.perSeed).toHaveLength(2);
      for (const p of row.perSeed) expect(p.gap).toBeCloseTo(p.train - p.test, 12);
      expect(row.gap).toBeCloseTo((row.perSeed[0]!.gap + row.perSeed[1]!.gap) / 2, 12);
      expect(row.trainAccuracy - row.testAccuracy).toBeCloseTo(row.gap, 12);
    }
    const none = rows[0]!;
    expect(none.trainAccuracy).toBeGreaterThan(0.97);
    expect(none.gap).toBeGreaterThan(0.1);
    // at least one regularizer closes a visible part of the gap
    expect(Math.min(...rows.slice(1).map((x) => x.gap))).toBeLessThan(none.gap - 0.03);
  }, 120_000);
});

describe('descent experiment batch-size --batch-sizes (the playground view)', () => {
  it('bad view flags: one line, exit 2', async () => {
    const dir = tmp();
    const cases: [string[], RegExp][] = [
      [['--batch-sizes', '8'], /--batch-sizes: expected two batch sizes/],
      [['--batch-sizes', '8,huge'], /--batch-sizes: expected whole numbers >= 1 or 'full'/],
      [['--batch-sizes', '8,full', '--max-epochs', '0'], /--max-epochs: expected a positive integer/],
      [['--batch-sizes', '8,full', '--model', 'mpl:8'], /--model: expected 'mlp:64-32'.*did you mean mlp/],
      [['--target-loss', '0.1'], /--target-loss: a batch-size view setting; give --batch-sizes too/],
    ];
    for (const [args, message] of cases) {
      const r = await descent(['experiment', 'batch-size', ...args, '--quiet', '--out', 'bad'], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const other = await descent(['experiment', 'optimizers', '--batch-sizes', '8,full', '--quiet', '--out', 'bad'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--batch-sizes: only `descent experiment batch-size` takes it, not optimizers/);
  }, 60_000);
});
