import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kFold } from '../selection/kfold.js';
import { biasVariance } from './bias-variance.js';
import { outOfBag } from './bootstrap.js';

interface Tensor {
  shape: number[];
  data: number[];
}
const file = JSON.parse(readFileSync(new URL('../../../../fixtures/public/stats.json', import.meta.url), 'utf8')) as {
  cases: { id: string; family: string; inputs: any; expected: any; rtol: number; atol: number }[];
};
const of = (family: string) => file.cases.filter((c) => c.family === family);
const rows = (t: Tensor) => Array.from({ length: t.shape[0]! }, (_, i) => t.data.slice(i * t.shape[1]!, (i + 1) * t.shape[1]!));
const close = (actual: ArrayLike<number>, expected: number[], rtol: number, atol: number) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i]! - e)).toBeLessThanOrEqual(atol + rtol * Math.abs(e)));
};

describe('stats fixtures (sklearn KFold, bootstrap OOB, bias–variance)', () => {
  it('has every family', () => {
    expect(of('kfold').length).toBeGreaterThan(0);
    expect(of('bootstrap_oob').length).toBeGreaterThan(0);
    expect(of('bias_variance').length).toBeGreaterThan(0);
  });

  for (const c of of('kfold')) {
    it(`${c.id}: n=${c.inputs.n} k=${c.inputs.k} exact`, () => {
      const folds = kFold(c.inputs.n, c.inputs.k, { shuffle: c.inputs.shuffle });
      expect(folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }))).toEqual(c.expected.folds);
    });
  }

  for (const c of of('bootstrap_oob')) {
    it(`${c.id}: out-of-bag sets exact`, () => {
      expect(rows(c.inputs.samples).map((s) => Array.from(outOfBag(c.inputs.n, s)))).toEqual(c.expected.oob);
    });
  }

  for (const c of of('bias_variance')) {
    it(`${c.id}: decomposition in f64 to 1e-12`, () => {
      const r = biasVariance({ predictions: rows(c.inputs.predictions), fTrue: c.inputs.f_true.data, noiseVariance: c.inputs.noise_variance });
      const e = c.expected;
      // f64 implementation: far tighter than the suggested f32 tolerance.
      close(r.meanPrediction, e.mean_prediction.data, 1e-12, 1e-15);
      close(r.bias2, e.bias2.data, 1e-12, 1e-15);
      close(r.variance, e.variance.data, 1e-12, 1e-15);
      close(r.expectedError, e.expected_error.data, 1e-12, 1e-15);
      close([r.noise, r.avgBias2, r.avgVariance, r.avgExpectedError], [e.noise, e.avg_bias2, e.avg_variance, e.avg_expected_error], 1e-12, 1e-15);
    });
  }
});
