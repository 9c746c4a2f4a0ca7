import { describe, expect, it } from 'vitest';
import { biasVariance } from './bias-variance.js';

describe('biasVariance', () => {
  it('computes the decomposition by hand on a small case', () => {
    // Point 0: predictions 1, 3 (mean 2, variance 1), f = 0 → bias² 4. Point 1: 2, 2, f = 1 → bias² 1, variance 0.
    const r = biasVariance({ predictions: [[1, 2], [3, 2]], fTrue: [0, 1], noiseVariance: 0.5 });
    expect(Array.from(r.meanPrediction)).toEqual([2, 2]);
    expect(Array.from(r.bias2)).toEqual([4, 1]);
    expect(Array.from(r.variance)).toEqual([1, 0]);
    expect(Array.from(r.expectedError)).toEqual([5.5, 1.5]);
    expect([r.noise, r.avgBias2, r.avgVariance, r.avgExpectedError]).toEqual([0.5, 2.5, 0.5, 3.5]);
  });

  it('expected error equals the mean squared error against f plus noise (an identity)', () => {
    const P = [[0.3, -1.2, 2], [0.1, -0.7, 2.5], [0.8, -1, 1.9]];
    const f = [0.2, -1, 2.2];
    const r = biasVariance({ predictions: P, fTrue: f, noiseVariance: 0.1 });
    f.forEach((fj, j) => {
      const mse = P.reduce((s, p) => s + (p[j]! - fj) ** 2, 0) / P.length;
      expect(r.expectedError[j]).toBeCloseTo(mse + 0.1, 14);
    });
  });

  it('rejects mismatched shapes and a negative noise variance', () => {
    expect(() => biasVariance({ predictions: [[1, 2], [3]], fTrue: [0, 1], noiseVariance: 0 })).toThrow(/member 1 has 1 values, member 0 has 2/);
    expect(() => biasVariance({ predictions: [[1, 2]], fTrue: [0], noiseVariance: 0 })).toThrow(/fTrue has 1 points, predictions have 2/);
    expect(() => biasVariance({ predictions: [], fTrue: [], noiseVariance: 0 })).toThrow(/no ensemble members/);
    expect(() => biasVariance({ predictions: [[1]], fTrue: [0], noiseVariance: -1 })).toThrow(/'noiseVariance' must be a finite number >= 0/);
    expect(() => biasVariance({ predictions: [[NaN]], fTrue: [0], noiseVariance: 0 })).toThrow(/member 0 value \[0\] = NaN is not finite/);
  });
});
