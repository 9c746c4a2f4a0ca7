// Issue #8 for `descent experiment NAME`: every run directory holds metrics.jsonl (one line per
// epoch of every model trained, one per step of every racer, tagged with the experiment and the
// model) and checkpoint/ with the models the experiment ends with; checkpoints load back and
// reproduce the numbers the run printed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@descent/optim-wasm';
import { createTrainer, evaluate, FUNCTIONS_2D, holdoutSplit, loadDigits, mlp, planeGrid, prepare, prepareRows, softmaxRows, predict, subset, tensorsUnder, type RaceFunctionName, type TrainConfig } from '@descent/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/data/load.js';
import { readCheckpoint as loadCheckpoint } from '@descent/train';
import { buildCli, descent, readJsonl, tmp } from './helpers.js';

beforeAll(() => buildCli());

type Row = Record<string, any>;
const json = (s: string) => JSON.parse(s) as Row;
const NAMES = ['optimizers', 'batch-size', 'bias-variance', 'bagging', 'boosting', 'regularizers', 'adagrad-decay', 'adam-epsilon', 'cross-validation'];

describe('descent experiment all --quick: metrics.jsonl and checkpoint/ of every experiment', () => {
  let dir = '';
  let out: Row = {};
  let lines: Row[] = [];
  let kept: string[] = [];
  const of = (e: string) => lines.filter((l) => l['experiment'] === e);
  const resultsOf = (e: string) => (out['results'] as Row[]).find((r) => r['experiment'] === e)!['results'] as Row[];
  const ck = (name: string) => loadCheckpoint(join(dir, 'all', 'checkpoint', name));

  beforeAll(async () => {
    dir = tmp();
    const r = await descent(['experiment', 'all', '--quick', '--json', '--quiet', '--out', 'all'], dir);
    expect(r.code, r.stderr).toBe(0);
    out = json(r.stdout);
    lines = readJsonl(join(dir, 'all', 'metrics.jsonl'));
    kept = readdirSync(join(dir, 'all', 'checkpoint')).sort();
  }, 180_000);

  it('every line names its experiment, every experiment has lines and a checkpoint, numbers are finite', () => {
    expect(new Set(lines.map((l) => l['experiment']))).toEqual(new Set(NAMES));
    for (const n of NAMES) expect(kept.some((k) => k.startsWith(`${n}-`)), n).toBe(true);
    for (const l of lines) for (const k of ['trainLoss', 'loss', 'valLoss']) if (k in l) expect(Number.isFinite(l[k]), JSON.stringify(l)).toBe(true);
  });

  it('optimizers: one line per step of every racer on every function, the final iterates kept; digits: one line per epoch, each model kept', () => {
    const race = of('optimizers').filter((l) => l['problem'] !== 'digits mlp:64');
    const rows = resultsOf('optimizers');
    for (const fn of Object.keys(FUNCTIONS_2D) as RaceFunctionName[]) {
      const saved = ck(`optimizers-race-${fn}`);
      expect(saved.tensors).toHaveLength(11);
      for (const row of rows.filter((r) => r['problem'] === fn)) {
        const mine = race.filter((l) => l['problem'] === fn && l['optimizer'] === row['optimizer']);
        expect(mine.map((l) => l['step'])).toEqual(Array.from({ length: row['steps'] + 1 }, (_, i) => i));
        expect(mine[0]!['lr']).toBe(row['lr']);
        for (const l of [mine[0]!, mine.at(-1)!]) expect(l['loss']).toBe(Math.fround(FUNCTIONS_2D[fn].f(l['x'], l['y'])));
        const xy = saved.tensors.find((t) => t.name === `${row['optimizer']}/xy`)!;
        expect(Array.from(xy.data)).toEqual([mine.at(-1)!['x'], mine.at(-1)!['y']]);
      }
    }
    expect(race).toHaveLength(rows.filter((r) => r['problem'] !== 'digits mlp:64').reduce((s, r) => s + r['steps'] + 1, 0));
    const digits = of('optimizers').filter((l) => l['problem'] === 'digits mlp:64');
    expect(digits).toHaveLength(11 * 3);
    for (const row of rows.filter((r) => r['problem'] === 'digits mlp:64')) {
      const mine = digits.filter((l) => l['optimizer'] === row['optimizer']);
      expect(mine.map((l) => l['epoch'])).toEqual([1, 2, 3]);
      expect(mine[2]!['trainLoss']).toBe(row['finalLoss']);
      expect(ck(`optimizers-digits-${row['optimizer']}`).meta['epoch']).toBe(3);
    }
  });

  it("batch-size: each batch size's epochs; its kept weights give the row's training loss bit for bit", () => {
    const rows = resultsOf('batch-size');
    const d = loadDigits();
    const split = holdoutSplit(d.n, { test: 0.2, stratify: d.y, rng: new Rng(0).fork('split') });
    const train = subset({ ...d, x: d.x.map((v) => v / 16) }, split.train);
    for (const row of rows) {
      const mine = of('batch-size').filter((l) => l['batchSize'] === row['batchSize']);
      expect(mine.map((l) => l['epoch'])).toEqual(Array.from({ length: row['epochs'] }, (_, i) => i + 1));
      expect(mine.at(-1)!['steps']).toBe(row['steps']);
      const saved = ck(`batch-size-batch-${row['batchSize']}`);
      expect(saved.meta['steps']).toBe(row['steps']);
      const net = mlp({ inputs: 64, hidden: [64], outputs: 10, rng: new Rng(123) });
      net.loadStateDict(tensorsUnder(saved.tensors, 'model'));
      expect(evaluate(net, train, { batchSize: train.n, confusion: false }).loss).toBe(row['trainLoss']);
    }
  });

  it('bias-variance: one line per degree (closed-form fits), the mean predictors kept', () => {
    const rows = resultsOf('bias-variance');
    expect(of('bias-variance').map(({ experiment, phase, members, ...r }) => r)).toEqual(rows);
    const saved = ck('bias-variance-mean-predictors');
    expect(saved.tensors.map((t) => [t.name, t.shape])).toEqual([['grid', [100]], ...rows.map((r) => [`mean/degree-${r['capacity']}`, [100]])]);
  });

  it('bagging and boosting: every member\'s epochs and every round, the members and ensembles kept', () => {
    const bag = of('bagging');
    expect(bag.map((l) => [l['member'], l['epoch']])).toEqual([1, 2, 3, 4, 5].flatMap((m) => Array.from({ length: 15 }, (_, e) => [m, e + 1])));
    expect(kept.filter((k) => k.startsWith('bagging-'))).toEqual(['bagging-member-1', 'bagging-member-2', 'bagging-member-3', 'bagging-member-4', 'bagging-member-5']);
    const boost = of('boosting');
    const rounds = (m: string) => boost.filter((l) => l['method'] === m && !('learner' in l)).map((l) => l['round']);
    expect(rounds('adaboost')).toEqual(resultsOf('boosting').filter((r) => r['method'].startsWith('adaboost')).map((r) => r['round']));
    expect(rounds('gradient-boosting')).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(ck('boosting-adaboost-ensemble').tensors.map((t) => t.name)).toEqual(['alpha', 'feature', 'threshold', 'left', 'right']);
    expect(ck('boosting-gradient-boosting-ensemble').tensors[0]!.name).toBe('init');
  });

  it('regularizers: every variant and seed, its epochs and its final model', () => {
    const rows = resultsOf('regularizers');
    for (const row of rows) {
      for (const p of row['perSeed'] as Row[]) {
        const mine = of('regularizers').filter((l) => l['regularizer'] === row['regularizer'] && l['seed'] === p['seed']);
        expect(mine, `${row['regularizer']} ${p['seed']}`).toHaveLength(p['epochs']);
        const saved = ck(`regularizers-${String(row['regularizer']).split(' ')[0]}-seed-${p['seed']}`);
        expect(saved.meta['regularizer']).toBe(row['regularizer']);
        expect(saved.tensors.find((t) => t.name === 'model/0.weight')!.shape).toEqual([256, 2]);
      }
    }
    expect(kept.filter((k) => k.startsWith('regularizers-'))).toHaveLength(20);
  });

  it('adagrad-decay and adam-epsilon: epochs with the effective lr; a kept model restores to the printed test accuracy', () => {
    expect(of('adagrad-decay').map((l) => [l['optimizer'], l['epoch'], l['effectiveLr']])).toEqual(resultsOf('adagrad-decay').map((r) => [r['optimizer'], r['epoch'], r['effectiveLr']]));
    const rows = resultsOf('adam-epsilon');
    expect(of('adam-epsilon').map((l) => [l['eps'], l['epoch']])).toEqual(rows.flatMap((r) => [1, 2, 3].map((e) => [r['eps'], e])));
    for (const row of [rows[0]!, rows.at(-1)!]) {
      const saved = ck(`adam-epsilon-eps-${row['eps']}`);
      const config = saved.meta['config'] as TrainConfig;
      const data = prepare(loadDataset(config), config.valSplit, config.testSplit, config.seed);
      const t = createTrainer(config, data);
      t.restore(saved);
      expect(t.score(data.test!).accuracy).toBe(row['testAccuracy']);
    }
  });

  it('cross-validation: every holdout, fold and refit model\'s epochs; the refit restores to the sealed test score', () => {
    const l = of('cross-validation');
    expect(l.filter((x) => x['method'] === 'holdout')).toHaveLength(3 * 8);
    expect(l.filter((x) => x['method'] === '2-fold')).toHaveLength(2 * 8);
    expect(l.filter((x) => x['method'] === '5-fold').map((x) => x['fold'])).toEqual([1, 2, 3, 4, 5].flatMap((f) => new Array(8).fill(f)));
    expect(l.filter((x) => x['method'] === 'refit').map((x) => x['epoch'])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const saved = ck('cross-validation-refit');
    const config = saved.meta['config'] as TrainConfig;
    const d = loadDataset(config);
    const outer = holdoutSplit(d.n, { test: 0.2, stratify: d.y, rng: new Rng(0).fork('split') });
    const data = prepareRows(d, outer.train, new Int32Array(0), outer.test);
    const t = createTrainer(config, data);
    t.restore(saved);
    expect(t.score(data.test!).accuracy).toBe(resultsOf('cross-validation').at(-1)!['mean']);
  });
});

describe('the playground twins write artifacts too', () => {
  it('optimizers --function: one line per iterate of each racer, their final iterates in checkpoint/race-<fn>', async () => {
    const dir = tmp();
    const r = await descent(['experiment', 'optimizers', '--function', 'beale', '--steps', '20', '--lr', '0.001', '--optimizers', 'sgd,adam', '--json', '--quiet', '--out', 'race'], dir);
    expect(r.code, r.stderr).toBe(0);
    const tracks = json(r.stdout)['tracks'] as { optimizer: string; path: [number, number][]; loss: number[] }[];
    const lines = readJsonl(join(dir, 'race', 'metrics.jsonl'));
    expect(lines.map((l) => [l['optimizer'], l['step']])).toEqual(['sgd', 'adam'].flatMap((o) => Array.from({ length: 21 }, (_, s) => [o, s])));
    expect(lines.map((l) => l['loss'])).toEqual(tracks.flatMap((t) => t.loss));
    const saved = loadCheckpoint(join(dir, 'race', 'checkpoint', 'race-beale'));
    expect(saved.tensors.map((t) => [t.name, Array.from(t.data)])).toEqual(tracks.map((t) => [`${t.optimizer}/xy`, t.path.at(-1)]));
  });

  it('bias-variance --samples …: the U-curve and every member\'s epochs; the kept members reproduce the disagreement map', async () => {
    const dir = tmp();
    const args = ['--samples', '30', '--noise', '0.2', '--fits', '4', '--degree', '2', '--max-degree', '5', '--members', '3', '--width', '6', '--seed', '2'];
    const r = await descent(['experiment', 'bias-variance', ...args, '--json', '--quiet', '--out', 'bv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    const lines = readJsonl(join(dir, 'bv', 'metrics.jsonl'));
    const curve = lines.filter((l) => l['phase'] === 'u-curve');
    expect(curve.map(({ experiment, seed, phase, fits, ...c }) => c)).toEqual(o['curve']);
    const members = lines.filter((l) => l['phase'] === 'disagreement');
    expect(members.map((l) => [l['member'], l['epoch']])).toEqual([1, 2, 3].flatMap((m) => Array.from({ length: 60 }, (_, e) => [m, e + 1])));
    expect(readdirSync(join(dir, 'bv', 'checkpoint')).sort()).toEqual(['bias-variance-fits', 'bias-variance-member-1', 'bias-variance-member-2', 'bias-variance-member-3']);
    const fits = loadCheckpoint(join(dir, 'bv', 'checkpoint', 'bias-variance-fits'));
    expect(fits.meta['coefficients']).toEqual(o['coefficients']);
    expect(fits.tensors.map((t) => [t.name, t.shape])).toEqual([['coefficients', [4, 3]], ['grid', [80]], ['fits', [4, 80]]]);
    // the members' weights, loaded into fresh networks, give the printed mean probabilities exactly
    const plane = o['disagreement'] as { res: number; bounds: [number, number, number, number]; mean: number[] };
    const grid = planeGrid(plane.res, plane.bounds);
    const sum = new Float64Array(plane.mean.length);
    for (let m = 1; m <= 3; m++) {
      const saved = loadCheckpoint(join(dir, 'bv', 'checkpoint', `bias-variance-member-${m}`));
      const net = mlp({ inputs: 2, hidden: [6, 6], outputs: 2, rng: new Rng(5) });
      net.loadStateDict(tensorsUnder(saved.tensors, 'model'));
      const p = softmaxRows(predict(net, grid, 2).outputs, 2);
      for (let i = 0; i < sum.length; i++) sum[i]! += p[i]!;
    }
    expect(Array.from(sum, (v) => v / 3)).toEqual(plane.mean);
  }, 60_000);
});
