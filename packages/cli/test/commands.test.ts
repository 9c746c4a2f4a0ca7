import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { benchCommand, repoRoot, type BenchRunner } from '../src/commands/bench.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, descent, readJson, SMALL, tmp } from './helpers.js';

beforeAll(() => buildCli());

const json = (s: string) => JSON.parse(s) as Record<string, any>;

describe('descent cv', () => {
  it('k-fold with a grid: mean ± std per candidate, the best refitted, the sealed test evaluated once', async () => {
    const dir = tmp();
    const r = await descent(['cv', ...SMALL, '--folds', '3', '--search', 'lr=0.01,0.001;batch-size=16,full', '--json', '--out', 'cv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    expect(o['experiment']).toBe('cv');
    expect(o['results']).toHaveLength(4);
    for (const row of o['results']) {
      expect(row['folds']).toHaveLength(3);
      const mean = row['folds'].reduce((a: number, b: number) => a + b, 0) / 3;
      expect(row['mean']).toBeCloseTo(mean, 12);
      const std = Math.sqrt(row['folds'].reduce((a: number, b: number) => a + (b - mean) ** 2, 0) / 3);
      expect(row['std']).toBeCloseTo(std, 12);
    }
    const bestMean = Math.max(...o['results'].map((x: any) => x.mean));
    expect(o['best'].mean).toBe(bestMean);
    expect(o['metric']).toBe('accuracy');
    expect(o['test'].accuracy).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'cv', 'report.html'), 'utf8')).toContain('Fold scores');
  });
});

describe('descent ensemble', () => {
  it('bag: the ensemble score for 1..M members, vote and average', async () => {
    const dir = tmp();
    const r = await descent(['ensemble', 'bag', '--dataset', 'moons', '--samples', '200', '--model', 'mlp:8', '--epochs', '3', '--members', '3', '--json', '--quiet', '--out', 'bag'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    expect(o['experiment']).toBe('bagging');
    expect(o['results'].map((x: any) => x.members)).toEqual([1, 2, 3]);
    // one member: vote, average and the member agree
    expect(o['results'][0].voteTestAccuracy).toBe(o['results'][0].memberTestAccuracy);
    expect(o['results'][0].averageTestAccuracy).toBe(o['results'][0].memberTestAccuracy);
    expect(o['oob'].rows).toBeGreaterThan(0);
  });

  it('boost: AdaBoost SAMME with stumps, weighted error and α per round', async () => {
    const dir = tmp();
    const r = await descent(['ensemble', 'boost', '--dataset', 'breast-cancer', '--learner', 'stump', '--rounds', '5', '--json', '--quiet', '--out', 'boost'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    expect(o['results']).toHaveLength(5);
    for (const row of o['results']) {
      // SAMME with K = 2: α = ln((1 − err)/err)
      expect(row.alpha).toBeCloseTo(Math.log((1 - row.weightedError) / row.weightedError), 10);
    }
    expect(o['results'][4].testAccuracy).toBeGreaterThan(0.85);
  });

  it('boost on a regression set is gradient boosting; training MSE falls each round', async () => {
    const dir = tmp();
    const r = await descent(['ensemble', 'boost', '--dataset', 'sine', '--samples', '200', '--learner', 'stump', '--rounds', '6', '--json', '--quiet', '--out', 'gb'], dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = json(r.stdout)['results'] as { trainMse: number }[];
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.trainMse).toBeLessThan(rows[i - 1]!.trainMse);
  });
});

describe('descent experiment', () => {
  it('batch-size --quick --json: {experiment, results: [{batchSize, sharpness, lambdaMax, train/test loss and accuracy}, ≥ 3]}', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'batch-size', '--quick', '--json', '--out', 'bs'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    expect(o['experiment']).toBe('batch-size');
    expect(o['results'].length).toBeGreaterThanOrEqual(3);
    for (const row of o['results']) {
      for (const k of ['batchSize', 'sharpness', 'lambdaMax', 'trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy']) expect(Number.isFinite(row[k]), k).toBe(true);
    }
    const sizes = o['results'].map((x: any) => x.batchSize);
    expect([...sizes].sort((a: number, b: number) => a - b)).toEqual(sizes);
    // a larger batch ends at a larger top Hessian eigenvalue (Keskar's sharp minima)
    expect(o['results'].at(-1).lambdaMax).toBeGreaterThan(o['results'][0].lambdaMax);
  }, 60_000);

  it('every other experiment runs with --quick and has rows and figures', async () => {
    const dir = tmp();
    for (const name of ['optimizers', 'bias-variance', 'adagrad-decay', 'adam-epsilon', 'bagging', 'boosting', 'cross-validation']) {
      const r = await descent(['experiment', name, '--quick', '--json', '--out', name], dir);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const o = json(r.stdout);
      expect(o['experiment']).toBe(name);
      expect(o['results'].length, name).toBeGreaterThan(0);
      const saved = readJson<{ figures: unknown[] }>(join(dir, name, 'results.json'));
      expect(saved.figures.length, name).toBeGreaterThan(0);
    }
  }, 120_000);

  it('bias-variance rows add up: bias² + variance + noise = expected error, U-shaped', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'bias-variance', '--quick', '--json', '--out', 'bv'], dir);
    const rows = json(r.stdout)['results'] as { capacity: number; bias2: number; variance: number; noise: number; expectedError: number }[];
    for (const x of rows) expect(x.bias2 + x.variance + x.noise).toBeCloseTo(x.expectedError, 12);
    const best = rows.reduce((a, b) => (b.expectedError < a.expectedError ? b : a));
    expect(best.capacity).toBeGreaterThan(rows[0]!.capacity);
    expect(best.capacity).toBeLessThan(rows.at(-1)!.capacity);
    expect(rows[0]!.bias2).toBeGreaterThan(rows[0]!.variance);
    expect(rows.at(-1)!.variance).toBeGreaterThan(best.variance);
  });

  it('adagrad-decay: Adagrad\'s effective lr only falls; the race on the quadratic converges with momentum', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'adagrad-decay', '--quick', '--json', '--out', 'ad'], dir);
    const rows = json(r.stdout)['results'] as { optimizer: string; effectiveLr: number }[];
    const ada = rows.filter((x) => x.optimizer === 'adagrad').map((x) => x.effectiveLr);
    for (let i = 1; i < ada.length; i++) expect(ada[i]!).toBeLessThan(ada[i - 1]!);
    const opt = await descent(['experiment', 'optimizers', '--quick', '--json', '--out', 'opt'], dir);
    const race = json(opt.stdout)['results'] as { problem: string; optimizer: string; finalLoss: number | null }[];
    const q = (o: string) => race.find((x) => x.problem === 'quadratic' && x.optimizer === o)!.finalLoss!;
    expect(q('momentum')).toBeLessThan(1e-3);
    expect(race.filter((x) => x.problem === 'digits mlp:64')).toHaveLength(11);
  });

  it('all --quick runs every experiment into one report', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'all', '--quick', '--json', '--out', 'all'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    expect(o['experiment']).toBe('all');
    expect(o['results'].map((x: any) => x.experiment)).toEqual(['optimizers', 'batch-size', 'bias-variance', 'bagging', 'boosting', 'regularizers', 'adagrad-decay', 'adam-epsilon', 'cross-validation']);
    const html = readFileSync(join(dir, 'all', 'report.html'), 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThan(15);
  }, 120_000);
});

describe('descent report', () => {
  it('re-renders report.html from the run files, identical to the one the run wrote', async () => {
    const dir = tmp();
    expect((await descent(['train', ...SMALL, '--out', 't'], dir)).code).toBe(0);
    expect((await descent(['ensemble', 'boost', '--dataset', 'iris', '--learner', 'stump', '--rounds', '3', '--quiet', '--out', 'e'], dir)).code).toBe(0);
    for (const run of ['t', 'e']) {
      const before = readFileSync(join(dir, run, 'report.html'), 'utf8');
      const r = await descent(['report', run, '--json'], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(json(r.stdout)['report']).toMatch(/report\.html$/);
      expect(readFileSync(join(dir, run, 'report.html'), 'utf8')).toBe(before);
    }
  });
});

describe('descent bench', () => {
  // wiring only: the suites' harnesses are replaced by a recorder, nothing is timed
  it("runs each workspace's harness once with its suites and options, and merges the JSON rows", async () => {
    const calls: { cwd: string; args: string[]; capture: boolean }[] = [];
    const fake: BenchRunner = async (cwd, args, capture) => {
      calls.push({ cwd, args, capture });
      return { code: 0, stdout: `bench log line\n${JSON.stringify([{ case: 'c', contender: relative(repoRoot(), cwd) }])}` };
    };
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
    try {
      expect(await benchCommand({ suite: ['optim,mlp', 'matmul'], case: 'x', reps: '2', json: true }, fake)).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(calls.map((c) => [relative(repoRoot(), c.cwd), c.args, c.capture])).toEqual([
      [join('packages', 'optim-wasm'), ['--suite', 'optim', '--suite', 'matmul', '--case', 'x', '--reps', '2', '--json'], true],
      [join('packages', 'autodiff'), ['--suite', 'mlp', '--case', 'x', '--reps', '2', '--json'], true],
    ]);
    expect(json(out.join(''))).toEqual({
      suites: ['optim', 'mlp', 'matmul'],
      rows: [
        { case: 'c', contender: join('packages', 'optim-wasm') },
        { case: 'c', contender: join('packages', 'autodiff') },
      ],
    });
  });

  it('refuses an unknown suite or bad --reps before running anything, and reports a failing harness', async () => {
    const never: BenchRunner = async () => expect.unreachable('no harness may run');
    await expect(benchCommand({ suite: ['mlpp'] }, never)).rejects.toThrow(/--suite: .*mlpp/);
    await expect(benchCommand({ reps: '0' }, never)).rejects.toThrow(/--reps: must be an integer >= 1, got 0/);
    await expect(benchCommand({ suite: ['mlp'] }, async () => ({ code: 3, stdout: '' }))).rejects.toThrow(/bench: packages\/autodiff exited with code 3/);
  });

  it('is wired into the CLI: an unknown suite is a usage error (exit 2)', async () => {
    const r = await descent(['bench', '--suite', 'nope'], tmp());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^descent: --suite: /);
  });
});
