import { describe, expect, it } from 'vitest';
import { stratifiedKFold } from './stratified-kfold.js';

const tests = (folds: { test: Int32Array }[]) => folds.map((f) => Array.from(f.test));

describe('stratifiedKFold', () => {
  it('reproduces scikit-learn StratifiedKFold(shuffle=False) on small cases', () => {
    // The scikit-learn documentation example: y = [0, 0, 1, 1], n_splits = 2.
    expect(tests(stratifiedKFold([0, 0, 1, 1], 2))).toEqual([[0, 2], [1, 3]]);
    // Sorted codes dealt round-robin: class 0 (4 rows) gets folds 0,0,1,2; class 1 (6 rows) 0,0,1,1,2,2.
    expect(tests(stratifiedKFold([0, 0, 0, 0, 1, 1, 1, 1, 1, 1], 3))).toEqual([[0, 1, 4, 5], [2, 6, 7], [3, 8, 9]]);
    // Classes are numbered by first appearance, whatever their values.
    expect(tests(stratifiedKFold([7, 7, 7, 7, 2, 2, 2, 2, 2, 2], 3))).toEqual([[0, 1, 4, 5], [2, 6, 7], [3, 8, 9]]);
  });

  it('keeps class proportions and fold sizes within one, shuffled or not', () => {
    const labels = Int32Array.from({ length: 97 }, (_, i) => (i * 7919) % 3 === 0 ? 0 : i % 5 === 0 ? 2 : 1);
    const classSizes = [0, 1, 2].map((c) => labels.filter((y) => y === c).length);
    for (const shuffle of [false, true]) {
      for (const k of [2, 3, 5, 10]) {
        const folds = stratifiedKFold(labels, k, { shuffle, rng: 12 });
        const sizes = folds.map((f) => f.test.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b)).toEqual(Array.from({ length: 97 }, (_, i) => i));
        for (const f of folds) {
          expect(f.train.length + f.test.length).toBe(97);
          classSizes.forEach((size, c) => {
            const inFold = Array.from(f.test).filter((i) => labels[i] === c).length;
            // Each class is spread over the folds: its count in a fold is floor or ceil of size / k.
            expect(Math.abs(inFold - size / k)).toBeLessThan(1);
          });
        }
      }
    }
  });

  it('shuffling is seeded', () => {
    const y = Array.from({ length: 40 }, (_, i) => i % 2);
    const a = tests(stratifiedKFold(y, 4, { shuffle: true, rng: 1 }));
    expect(tests(stratifiedKFold(y, 4, { shuffle: true, rng: 1 }))).toEqual(a);
    expect(tests(stratifiedKFold(y, 4, { shuffle: true, rng: 2 }))).not.toEqual(a);
    expect(a).not.toEqual(tests(stratifiedKFold(y, 4)));
  });

  it('rejects k above every class size, k > n and non-integer labels', () => {
    expect(() => stratifiedKFold([0, 0, 1, 1, 2, 2], 3)).toThrow(/k = 3 is greater than the size of every class/);
    expect(stratifiedKFold([0, 0, 0, 1, 1], 3).length).toBe(3); // a small class is allowed, as scikit-learn
    expect(() => stratifiedKFold([0, 1], 3)).toThrow(/k = 3 folds cannot be more than n = 2/);
    expect(() => stratifiedKFold([0, 0.5, 1, 1], 2)).toThrow(/labels\[1\] = 0.5 is not an integer/);
  });
});
