import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batches } from '../data/loader.js';
import { kFold } from './kfold.js';
import { stratifiedKFold } from './stratified-kfold.js';

const budget = { numRuns: 60, seed: 20240607 };
const sortedEq = (a: number[], n: number) => expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: n }, (_, i) => i));

describe('fold and batch invariants (fast-check, seeded, time-boxed)', () => {
  it('kFold: test blocks partition the rows with sizes ⌊n/k⌋ or ⌈n/k⌉', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 2, max: 10 }), fc.boolean(), fc.nat(1000), (n, k, shuffle, seed) => {
        fc.pre(k <= n);
        const folds = kFold(n, k, { shuffle, rng: seed });
        sortedEq(folds.flatMap((f) => Array.from(f.test)), n);
        folds.forEach((f) => expect([Math.floor(n / k), Math.ceil(n / k)]).toContain(f.test.length));
      }),
      budget,
    );
  });

  it('stratifiedKFold: partition, fold sizes within 1, every class spread within 1 of its share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 80 }), fc.integer({ min: 2, max: 6 }), fc.boolean(), fc.nat(1000), (labels, k, shuffle, seed) => {
        const counts = [0, 1, 2, 3].map((c) => labels.filter((y) => y === c).length);
        fc.pre(k <= labels.length && counts.some((c) => c >= k));
        const folds = stratifiedKFold(labels, k, { shuffle, rng: seed });
        sortedEq(folds.flatMap((f) => Array.from(f.test)), labels.length);
        const sizes = folds.map((f) => f.test.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        for (const f of folds) {
          counts.forEach((size, c) => {
            const inFold = Array.from(f.test).filter((i) => labels[i] === c).length;
            expect(Math.abs(inFold - size / k)).toBeLessThan(1);
          });
        }
      }),
      budget,
    );
  });

  it('batches: each index exactly once per epoch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 120 }), fc.nat(50), (n, batchSize, epoch) => {
        const seen = [...batches(n, { batchSize, shuffle: true, rng: 3, epoch })].flatMap((b) => Array.from(b));
        sortedEq(seen, n);
      }),
      budget,
    );
  });
});
