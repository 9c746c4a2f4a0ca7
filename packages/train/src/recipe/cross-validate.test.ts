import { DescentError } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, type TrainConfig } from './config.js';
import { crossValidate } from './cross-validate.js';
import { namedDataset, prepareRows } from './data.js';
import { createTrainer } from './session.js';

const config = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  ...TRAIN_DEFAULTS,
  name: 'cv',
  dataset: 'moons',
  samples: 90,
  noise: 0.3,
  model: 'mlp:8',
  optim: { lr: 0.03 },
  batchSize: 16,
  epochs: 3,
  valSplit: 0,
  testSplit: 0.3,
  seed: 5,
  ...o,
});

describe('crossValidate: the engine of descent cv and the playground cv view', () => {
  const base = config();
  const candidates = [config({ l2: 0 }), config({ l2: 0.05 }), config({ l2: 0.5 })];
  const d = namedDataset(base);
  const cv = crossValidate(base, candidates, d, { folds: 3 });

  it('seals the test rows, and the stratified folds partition the rest', () => {
    expect(cv.pool.length + cv.test.length).toBe(d.n);
    const test = new Set(cv.test);
    for (const i of cv.pool) expect(test.has(i)).toBe(false);
    expect(cv.stratified).toBe(true);
    const seen = new Int32Array(cv.pool.length);
    cv.folds.forEach((f, fi) => {
      expect(f.train.length + f.test.length).toBe(cv.pool.length);
      for (const r of f.test) {
        seen[r]!++;
        expect(cv.foldOf[r]).toBe(fi);
      }
    });
    expect([...seen].every((s) => s === 1)).toBe(true);
    // stratified: every fold holds each class's pool rows up to one
    for (const cls of [0, 1]) {
      const counts = cv.folds.map((f) => [...f.test].filter((r) => d.y[cv.pool[r]!] === cls).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('each fold score is that candidate trained on the other folds and scored on this one, bit for bit', () => {
    const ci = 1;
    const fi = 2;
    const f = cv.folds[fi]!;
    const prep = prepareRows(d, Int32Array.from(f.train, (i) => cv.pool[i]!), Int32Array.from(f.test, (i) => cv.pool[i]!), new Int32Array(0));
    const t = createTrainer(candidates[ci]!, prep);
    t.runSync();
    expect(cv.candidates[ci]!.folds[fi]).toBe(t.score(prep.val!).accuracy);
    expect(cv.candidates[ci]!.histories[fi]).toEqual(t.history);
    expect(cv.candidates[ci]!.histories[fi]).toHaveLength(3);
  });

  it('mean, population std, the best mean chosen, refitted on the whole pool, the sealed test scored once', () => {
    for (const c of cv.candidates) {
      const mean = c.folds.reduce((a, b) => a + b, 0) / 3;
      expect(c.mean).toBe(mean);
      expect(c.std).toBeCloseTo(Math.sqrt(c.folds.reduce((a, b) => a + (b - mean) ** 2, 0) / 3), 14);
    }
    const means = cv.candidates.map((c) => c.mean);
    expect(cv.best).toBe(means.indexOf(Math.max(...means)));
    const prep = prepareRows(d, cv.pool, new Int32Array(0), cv.test);
    const t = createTrainer(candidates[cv.best]!, prep);
    t.runSync();
    expect(cv.refit.history).toEqual(t.history);
    const s = t.score(prep.test!);
    expect(cv.testScores).toEqual(s);
    expect(cv.testScore).toBe(s.accuracy);
  });

  it('regression: plain k-fold, MSE, the lowest mean wins', () => {
    const r = config({ dataset: 'sine', samples: 60, noise: 0.1, epochs: 2 });
    const out = crossValidate(r, [r, { ...r, optim: { lr: 0.001 } }], namedDataset(r), { folds: 2 });
    try {
      expect([out.metric, out.stratified]).toEqual(['mse', false]);
      const means = out.candidates.map((c) => c.mean);
      expect(out.best).toBe(means.indexOf(Math.min(...means)));
      expect(out.testScore).toBe(out.testScores!.mse);
    } finally {
      out.free();
    }
  });

  it('bad settings are config errors naming the flag', () => {
    expect(() => crossValidate(base, candidates, d, { folds: 1 })).toThrow(/`folds`: must be an integer >= 2, got 1/);
    expect(() => crossValidate(base, candidates, d, { folds: 200 })).toThrow(DescentError);
    expect(() => crossValidate(base, candidates, d, { folds: 200 })).toThrow(/`folds`/);
    expect(() => crossValidate(base, [], d, { folds: 3 })).toThrow(/`search`/);
    const one = { ...d, y: new Int32Array(d.n) };
    expect(() => crossValidate(base, candidates, one, { folds: 3 })).toThrow(/only one class/);
  });
});
