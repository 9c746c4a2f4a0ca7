// Issue #8 for `descent cv` and `descent ensemble`: every run directory holds metrics.jsonl (one
// line per epoch of every model trained, tagged) and checkpoint/ with the models the run ends
// with; the checkpoints load back and reproduce the run's numbers.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTrainer, prepareRows, tensorsUnder, type TrainConfig } from '@descent/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/data/load.js';
import { readCheckpoint as loadCheckpoint } from '@descent/train';
import { buildCli, descent, readJsonl, SMALL, tmp } from './helpers.js';

beforeAll(() => buildCli());

const json = (s: string) => JSON.parse(s) as Record<string, any>;
const shapes = (dir: string) => Object.fromEntries(loadCheckpoint(dir).tensors.map((t) => [t.name, t.shape]));

describe('descent cv: metrics.jsonl and checkpoint/refit', () => {
  it('one line per epoch of every fold model and of the refit; the refit checkpoint reproduces the sealed test loss', async () => {
    const dir = tmp();
    const r = await descent(['cv', ...SMALL, '--folds', '3', '--search', 'lr=0.01,0.03', '--json', '--out', 'cv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    const lines = readJsonl(join(dir, 'cv', 'metrics.jsonl'));
    // 2 candidates × 3 folds × 3 epochs, then the refit's 3 epochs
    expect(lines).toHaveLength(2 * 3 * 3 + 3);
    const folds = lines.filter((l) => l['phase'] === 'cv');
    expect(folds.map((l) => [l['candidate'], l['fold'], l['epoch']])).toEqual([1, 2].flatMap((c) => [1, 2, 3].flatMap((f) => [1, 2, 3].map((e) => [c, f, e]))));
    for (const l of folds) expect(Number.isFinite(l['trainLoss']) && Number.isFinite(l['valLoss'])).toBe(true);
    const refit = lines.filter((l) => l['phase'] === 'refit');
    expect(refit.map((l) => l['epoch'])).toEqual([1, 2, 3]);
    expect(refit[0]!['candidate']).toBe(o['chosen'] + 1);
    expect(o['refit'].trainLoss).toBe(refit[2]!['trainLoss']);

    const ck = join(dir, 'cv', 'checkpoint', 'refit');
    expect(shapes(ck)).toMatchObject({ 'model/0.weight': [8, 4], 'model/0.bias': [8], 'model/2.weight': [3, 8], 'model/2.bias': [3] });
    const content = loadCheckpoint(ck);
    const config = content.meta['config'] as TrainConfig;
    expect(config.optim['lr']).toBe(o['best'].lr);
    const data = prepareRows(loadDataset(config), Int32Array.from(o['pool']), new Int32Array(0), Int32Array.from(o['testRows']));
    const t = createTrainer(config, data);
    t.restore(content);
    expect(t.epoch).toBe(3);
    const test = t.score(data.test!);
    expect(test.loss).toBe(o['test'].loss);
    expect(test.accuracy).toBe(o['test'].accuracy);
  }, 60_000);
});

describe('descent ensemble: metrics.jsonl and checkpoint/', () => {
  it('bag with networks: every member\'s epochs, one checkpoint per member', async () => {
    const dir = tmp();
    const r = await descent(['ensemble', 'bag', '--dataset', 'moons', '--samples', '120', '--model', 'mlp:8-4', '--epochs', '4', '--members', '3', '--json', '--quiet', '--out', 'bag'], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = readJsonl(join(dir, 'bag', 'metrics.jsonl'));
    expect(lines.map((l) => [l['member'], l['epoch']])).toEqual([1, 2, 3].flatMap((m) => [1, 2, 3, 4].map((e) => [m, e])));
    expect(readdirSync(join(dir, 'bag', 'checkpoint')).sort()).toEqual(['member-1', 'member-2', 'member-3']);
    for (let m = 1; m <= 3; m++) {
      const ck = loadCheckpoint(join(dir, 'bag', 'checkpoint', `member-${m}`));
      expect(ck.meta['member']).toBe(m);
      const model = tensorsUnder(ck.tensors, 'model');
      expect(Object.fromEntries(Object.entries(model).map(([k, v]) => [k, v.shape]))).toEqual({ '0.weight': [8, 2], '0.bias': [8], '2.weight': [4, 8], '2.bias': [4], '4.weight': [2, 4], '4.bias': [2] });
      expect((ck.meta['history'] as unknown[]).length).toBe(4);
    }
  }, 60_000);

  it('boost with stumps: one line per stump and per round; the stumps and α as [M] tensors', async () => {
    const dir = tmp();
    const r = await descent(['ensemble', 'boost', '--dataset', 'breast-cancer', '--learner', 'stump', '--rounds', '4', '--json', '--quiet', '--out', 'boost'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = json(r.stdout);
    const lines = readJsonl(join(dir, 'boost', 'metrics.jsonl'));
    const rounds = lines.filter((l) => 'alpha' in l);
    expect(rounds.map((l) => l['round'])).toEqual([1, 2, 3, 4]);
    expect(rounds.map((l) => l['alpha'])).toEqual(o['results'].map((x: any) => x.alpha));
    expect(lines.filter((l) => l['learner'] === 'stump')).toHaveLength(4);
    expect(readdirSync(join(dir, 'boost', 'checkpoint'))).toEqual(['ensemble']);
    const ck = loadCheckpoint(join(dir, 'boost', 'checkpoint', 'ensemble'));
    expect(Object.fromEntries(ck.tensors.map((t) => [t.name, t.shape]))).toEqual({ alpha: [4], feature: [4], threshold: [4], left: [4], right: [4] });
    expect(Array.from(ck.tensors.find((t) => t.name === 'alpha')!.data)).toEqual(Array.from(Float32Array.from(o['results'].map((x: any) => x.alpha))));
    expect(ck.meta).toMatchObject({ method: 'adaboost-samme', rounds: 4, classes: 2 });
    // the sample weights of every round, normalised, over the training rows
    expect(o['weights']).toHaveLength(4);
    for (const w of o['weights'] as number[][]) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  }, 60_000);

  it('boost with networks (gradient boosting on sine): each round\'s epochs then the round; members checkpointed', async () => {
    const dir = tmp();
    const r = await descent(['ensemble', 'boost', '--dataset', 'sine', '--samples', '100', '--model', 'mlp:8', '--epochs', '3', '--rounds', '2', '--json', '--quiet', '--out', 'gb'], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = readJsonl(join(dir, 'gb', 'metrics.jsonl'));
    expect(lines.map((l) => [l['round'], l['epoch'] ?? 'round'])).toEqual([
      [1, 1], [1, 2], [1, 3], [1, 'round'],
      [2, 1], [2, 2], [2, 3], [2, 'round'],
    ]);
    expect(readdirSync(join(dir, 'gb', 'checkpoint')).sort()).toEqual(['ensemble', 'member-1', 'member-2']);
    expect(shapes(join(dir, 'gb', 'checkpoint', 'member-1'))).toMatchObject({ 'model/0.weight': [8, 1], 'model/2.weight': [1, 8] });
    expect(shapes(join(dir, 'gb', 'checkpoint', 'ensemble'))).toEqual({ init: [1] });
    expect(existsSync(join(dir, 'gb', 'report.html'))).toBe(true);
  }, 60_000);
});
