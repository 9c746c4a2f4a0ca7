import { describe, expect, it } from 'vitest';
import { kFold } from './kfold.js';

const arr = (a: Int32Array) => Array.from(a);

describe('kFold', () => {
  it('matches scikit-learn KFold(shuffle=False): first n % k folds have n // k + 1', () => {
    const folds = kFold(10, 3);
    expect(folds.map((f) => arr(f.test))).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(arr(folds[1]!.train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
  });

  it('shuffled folds partition 0..n-1, keep the sizes, and depend only on the seed', () => {
    for (const [n, k] of [[10, 3], [23, 5], [7, 7], [100, 4]] as const) {
      const folds = kFold(n, k, { shuffle: true, rng: 3 });
      const tests = folds.flatMap((f) => arr(f.test)).sort((a, b) => a - b);
      expect(tests).toEqual(Array.from({ length: n }, (_, i) => i));
      folds.forEach((f, i) => {
        expect(f.test.length).toBe(Math.floor(n / k) + (i < n % k ? 1 : 0));
        expect(f.train.length + f.test.length).toBe(n);
        const both = new Set([...arr(f.train), ...arr(f.test)]);
        expect(both.size).toBe(n);
        expect(arr(f.test)).toEqual([...arr(f.test)].sort((a, b) => a - b));
      });
      expect(kFold(n, k, { shuffle: true, rng: 3 }).map((f) => arr(f.test))).toEqual(folds.map((f) => arr(f.test)));
    }
    expect(kFold(30, 3, { shuffle: true, rng: 4 }).map((f) => arr(f.test))).not.toEqual(kFold(30, 3, { shuffle: true, rng: 3 }).map((f) => arr(f.test)));
  });

  it('rejects k < 2, k > n and a missing rng', () => {
    expect(() => kFold(10, 1)).toThrow(/kFold: 'k' must be an integer >= 2, got 1/);
    expect(() => kFold(3, 4)).toThrow(/k = 4 folds cannot be more than n = 3 rows/);
    expect(() => kFold(10, 2, { shuffle: true })).toThrow(/kFold \(shuffle: true\): 'rng' is required/);
  });
});
