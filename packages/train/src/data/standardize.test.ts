import { describe, expect, it } from 'vitest';
import { standardize } from './standardize.js';
import type { Dataset } from './dataset.js';

describe('standardize', () => {
  // Rows (1, 5), (3, 5), (5, 5): feature 0 has mean 3, population std sqrt(8/3); feature 1 is constant.
  const x = Float32Array.from([1, 5, 3, 5, 5, 5]);
  it('fits mean and population std per feature; a constant feature gets std 1', () => {
    const s = standardize(x, 2);
    expect(Array.from(s.mean)).toEqual([3, 5]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 6);
    expect(s.std[1]).toBe(1);
    const z = s.apply(x);
    expect(z[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 6);
    expect(Array.from(z.filter((_, i) => i % 2 === 1))).toEqual([0, 0, 0]);
  });
  it('fits on the training rows only and applies to other data', () => {
    const s = standardize(x, 2, [0, 1]); // mean 2, std 1 on feature 0
    expect([s.mean[0], s.std[0]]).toEqual([2, 1]);
    expect(Array.from(s.apply(Float32Array.from([5, 5])))).toEqual([3, 0]);
  });
  it('takes and returns datasets', () => {
    const d: Dataset = { name: 't', x, y: Float32Array.from([0, 1, 2]), n: 3, features: 2, task: 'regression' };
    const z = standardize(d).apply(d);
    expect(z.name).toBe('t');
    let sum = 0;
    for (let i = 0; i < 3; i++) sum += z.x[i * 2]!;
    expect(Math.abs(sum)).toBeLessThan(1e-6);
    expect(d.x[0]).toBe(1); // the input is not modified
  });
  it('rejects mismatched shapes', () => {
    expect(() => standardize(x, 4)).toThrow(/standardize: x has 6 values, not a multiple of features = 4/);
    expect(() => standardize(x)).toThrow(/'features' must be an integer >= 1/);
    expect(() => standardize(x, 2).apply(Float32Array.from([1, 2, 3]))).toThrow(/standardize.apply/);
    expect(() => standardize(x, 2, [])).toThrow(/no rows to fit on/);
  });
});
