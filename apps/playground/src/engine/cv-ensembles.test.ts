// The cv and ensembles views' results in Node (their CLI parity is in test/*-parity.test.ts):
// consistent numbers, deterministic, and a dropped CSV runs through both engines.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../state.js';
import { runCv } from './cv.js';
import { runEnsembles } from './ensembles.js';

const csvRows = (n: number, classes = 2) => {
  const rows = ['x,y,label'];
  for (let i = 0; i < n; i++) rows.push(`${((i * 37) % 23) / 7 - 1.5 + (i % classes) * 2},${((i * 11) % 17) / 5 - 1.6},${'abc'[i % classes]}`);
  return { name: 'my points.csv', text: rows.join('\n') };
};

describe('cv view engine', () => {
  const c = { ...DEFAULTS.cv, samples: 120, epochs: 4, folds: 3, candidates: [0, 0.05], hidden: [8] };
  const r = runCv(c);

  it('every searched row is in exactly one fold; scores, means and the choice agree', () => {
    expect(r.foldOf).toHaveLength(r.n);
    expect(r.n).toBe(120 - Math.round(0.3 * 120));
    expect(r.folds.map((f) => f.val)).toEqual([0, 1, 2].map((f) => r.foldOf.filter((x) => x === f).length));
    for (const f of r.folds) expect(f.train + f.val).toBe(r.n);
    for (const s of r.scores) {
      expect(s.perFold).toHaveLength(3);
      expect(s.mean).toBe(s.perFold.reduce((a, b) => a + b, 0) / 3);
      // each fold accuracy is a count over the fold's rows
      s.perFold.forEach((v, f) => expect(Math.abs(v * r.folds[f]!.val - Math.round(v * r.folds[f]!.val))).toBeLessThan(1e-9));
    }
    const means = r.scores.map((s) => s.mean);
    expect(r.chosen).toBe(means.indexOf(Math.max(...means)));
    expect(r.refitEpochs).toBe(4);
    expect(r.test.acc).toBeGreaterThan(0.5);
  });

  it('the same config gives the same bits', () => {
    expect(runCv(c)).toEqual(r);
  });

  it('a dropped CSV is cross-validated; one with a single class says so', () => {
    const out = runCv({ ...c, dataset: 'csv' }, csvRows(60));
    expect(out.n).toBe(42);
    expect(() => runCv({ ...c, dataset: 'csv' }, csvRows(60, 1))).toThrow(/single class 'a'.*needs at least 2/);
  });
});

describe('ensembles view engine', () => {
  const c = { ...DEFAULTS.ensembles, samples: 160, members: 3, rounds: 6, epochs: 8 };
  const r = runEnsembles(c, null);

  it("bagging's heatmap is a vote share in [0, 1]; AdaBoost's rounds carry SAMME's α and normalised weights", () => {
    const train = r.points.split.filter((s) => s === 0).length;
    expect(train).toBe(120);
    expect(r.bagging.memberAccuracy).toHaveLength(3);
    // the share of the 3 members voting class 1: 0, 1/3, 2/3 or 1 (stored as f32)
    for (const v of r.bagging.heatmap.p) expect(v >= 0 && v <= 1 && Math.abs(v * 3 - Math.round(v * 3)) < 1e-6).toBe(true);
    expect(r.boosting.map((b) => b.round)).toEqual(r.boosting.map((_, i) => i + 1));
    for (const b of r.boosting) {
      expect(b.weights).toHaveLength(train);
      expect(b.weights.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
      expect(b.alpha).toBeCloseTo(Math.log((1 - b.error) / b.error), 12);
      expect(b.heatmap.label).toHaveLength(40 * 40);
    }
    // round 1's vote is the first stump alone: one split of the plane into two labels at most
    expect(new Set(r.boosting[0]!.heatmap.label).size).toBeLessThanOrEqual(2);
  });

  it('a dropped CSV with three classes runs bagging and AdaBoost', () => {
    const out = runEnsembles({ ...c, dataset: 'csv', rounds: 3 }, csvRows(90, 3));
    expect(out.points.classes).toBe(3);
    expect(out.boosting.length).toBeGreaterThanOrEqual(1);
    expect(out.boosting[0]!.alpha).toBeCloseTo(Math.log((1 - out.boosting[0]!.error) / out.boosting[0]!.error) + Math.log(2), 12);
  });
});
