import { describe, expect, it } from 'vitest';
import { DescentError } from '@descent/optim-wasm';
import { holdoutSplit } from './holdout.js';
import { apportion } from './apportion.js';
import { SealedSplit, sealedHoldoutSplit } from './sealed.js';

const arr = (a: Int32Array) => Array.from(a);

describe('holdoutSplit', () => {
  it('partitions 0..n-1 with scikit-learn sizes (fractions round up, integers are counts)', () => {
    const s = holdoutSplit(103, { val: 0.15, test: 0.2, rng: 1 });
    expect([s.train.length, s.val.length, s.test.length]).toEqual([103 - 16 - 21, 16, 21]);
    expect([...arr(s.train), ...arr(s.val), ...arr(s.test)].sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(arr(s.test)).toEqual([...arr(s.test)].sort((a, b) => a - b));
    const c = holdoutSplit(10, { test: 3, rng: 1 });
    expect([c.train.length, c.val.length, c.test.length]).toEqual([7, 0, 3]);
  });

  it('is deterministic per seed', () => {
    const a = holdoutSplit(50, { test: 0.3, rng: 9 });
    expect(arr(holdoutSplit(50, { test: 0.3, rng: 9 }).test)).toEqual(arr(a.test));
    expect(arr(holdoutSplit(50, { test: 0.3, rng: 10 }).test)).not.toEqual(arr(a.test));
  });

  it('stratify keeps each class share to within one row', () => {
    const y = Int32Array.from({ length: 200 }, (_, i) => (i < 120 ? 0 : i < 180 ? 1 : 2));
    const s = holdoutSplit(200, { val: 0.1, test: 0.25, stratify: y, rng: 3 });
    expect([s.val.length, s.test.length]).toEqual([20, 50]);
    const share = (idx: Int32Array, c: number) => arr(idx).filter((i) => y[i] === c).length;
    expect([0, 1, 2].map((c) => share(s.test, c))).toEqual([30, 15, 5]);
    expect([0, 1, 2].map((c) => share(s.val, c))).toEqual([12, 6, 2]);
    expect([0, 1, 2].map((c) => share(s.train, c))).toEqual([78, 39, 13]);
  });

  it('largest-remainder apportionment sums exactly and respects class sizes', () => {
    expect(Array.from(apportion([5, 3, 2], 3))).toEqual([1, 1, 1]); // quotas 1.5, 0.9, 0.6
    expect(Array.from(apportion([5, 3, 2], 4))).toEqual([2, 1, 1]); // quotas 2, 1.2, 0.8
    expect(Array.from(apportion([1, 1, 1], 2))).toEqual([1, 1, 0]); // ties: lower class first
    for (let total = 0; total <= 10; total++) {
      const a = apportion([4, 0, 6], total);
      expect(a.reduce((p, q) => p + q, 0)).toBe(total);
      expect(a[0]! <= 4 && a[1] === 0 && a[2]! <= 6).toBe(true);
    }
  });

  it('rejects sizes that leave no training rows, bad fractions and mismatched labels', () => {
    expect(() => holdoutSplit(10, { val: 0.5, test: 0.5, rng: 0 })).toThrow(/test \(5\) \+ val \(5\) rows leave no training rows of 10/);
    expect(() => holdoutSplit(10, { test: 1.5, rng: 0 })).toThrow(/'test' must be a fraction in \[0, 1\) or a whole count, got 1.5/);
    expect(() => holdoutSplit(10, { test: 11, rng: 0 })).toThrow(/asks for 11 rows of 10/);
    expect(() => holdoutSplit(10, { test: 0.2, stratify: [0, 1], rng: 0 })).toThrow(/stratify has 2 labels for n = 10/);
    expect(() => holdoutSplit(10, { test: 0.2 } as never)).toThrow(/holdoutSplit: 'rng' is required/);
  });
});

describe('SealedSplit', () => {
  it('evaluates once and throws a clear DescentError the second time', () => {
    const sealed = new SealedSplit([4, 7, 9]);
    expect([sealed.size, sealed.opened]).toEqual([3, false]);
    expect(sealed.evaluateOnce((idx) => Array.from(idx))).toEqual([4, 7, 9]);
    expect(sealed.opened).toBe(true);
    let err: unknown;
    try {
      sealed.evaluateOnce(() => 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DescentError);
    expect((err as DescentError).code).toBe('sealed-test-reused');
    expect((err as Error).message).toMatch(/SealedSplit 'test': the test split was already evaluated once/);
  });

  it('a throwing evaluation still uses up the one look; the indices handed out are a copy', () => {
    const sealed = new SealedSplit([1, 2]);
    expect(() => sealed.evaluateOnce(() => { throw new Error('boom'); })).toThrow('boom');
    expect(() => sealed.evaluateOnce(() => 1)).toThrow(/already evaluated/);
    const source = Int32Array.from([1, 2]);
    const s2 = new SealedSplit(source);
    source[0] = 9; // the split copied its indices when sealed
    expect(s2.evaluateOnce((idx) => Array.from(idx))).toEqual([1, 2]);
  });

  it('sealedHoldoutSplit seals the test part of a holdout split', () => {
    const { train, val, test } = sealedHoldoutSplit(20, { val: 0.2, test: 0.25, rng: 5 });
    expect([train.length, val.length, test.size]).toEqual([11, 4, 5]);
    const plain = holdoutSplit(20, { val: 0.2, test: 0.25, rng: 5 });
    expect(test.evaluateOnce((idx) => Array.from(idx))).toEqual(Array.from(plain.test));
  });
});
