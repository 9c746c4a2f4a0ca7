import { describe, expect, it } from 'vitest';
import { DescentError, Rng } from '@descent/optim-wasm';
import { batches, epochOrder, numBatches, subset, takeLabels, takeRows } from './loader.js';

const all = (it: Iterable<Int32Array>) => [...it].map((b) => Array.from(b));
const sorted = (bs: number[][]) => bs.flat().sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('batches', () => {
  it('covers every index exactly once per epoch, shuffled or not, for many batch sizes', () => {
    for (const n of [1, 7, 10, 33]) {
      for (const batchSize of [1, 3, 4, 10, 64, 'full'] as const) {
        for (const shuffle of [false, true]) {
          const bs = all(batches(n, { batchSize, shuffle, rng: 5, epoch: 2 }));
          expect(sorted(bs)).toEqual(range(n));
          expect(bs.length).toBe(numBatches(n, { batchSize }));
          const b = batchSize === 'full' ? n : Math.min(batchSize, n);
          bs.slice(0, -1).forEach((x) => expect(x.length).toBe(b));
        }
      }
    }
  });

  it('without shuffle yields 0..n-1 in order: SGD, mini-batch and full batch', () => {
    expect(all(batches(5, { batchSize: 1 }))).toEqual([[0], [1], [2], [3], [4]]);
    expect(all(batches(5, { batchSize: 2 }))).toEqual([[0, 1], [2, 3], [4]]);
    expect(all(batches(5, { batchSize: 2, dropLast: true }))).toEqual([[0, 1], [2, 3]]);
    expect(all(batches(5, { batchSize: 'full' }))).toEqual([[0, 1, 2, 3, 4]]);
    expect(all(batches(5, { batchSize: 9, dropLast: true }))).toEqual([[0, 1, 2, 3, 4]]);
    expect(all(batches(0, { batchSize: 4 }))).toEqual([]);
    expect(numBatches(10, { batchSize: 3, dropLast: true })).toBe(3);
  });

  it('the same seed and epoch give the same order; other epochs and seeds differ', () => {
    const a = all(batches(50, { batchSize: 8, shuffle: true, rng: 42, epoch: 3 }));
    const b = all(batches(50, { batchSize: 8, shuffle: true, rng: new Rng(42), epoch: 3 }));
    expect(a).toEqual(b);
    expect(all(batches(50, { batchSize: 8, shuffle: true, rng: 42, epoch: 4 }))).not.toEqual(a);
    expect(all(batches(50, { batchSize: 8, shuffle: true, rng: 43, epoch: 3 }))).not.toEqual(a);
    // The order depends on (rng, epoch) only, not on draws made from the rng in between.
    const rng = new Rng(42);
    rng.uniform();
    expect(Array.from(epochOrder(50, { shuffle: true, rng, epoch: 3 }))).toEqual(a.flat());
  });

  it('rejects bad options', () => {
    expect(() => batches(5, { batchSize: 0 })).toThrow(/batches: 'batchSize' must be an integer >= 1, got 0/);
    expect(() => batches(5, { batchSize: 2, shuffle: true })).toThrow(/'rng' is required/);
    expect(() => all(batches(-1, { batchSize: 2 }))).toThrow(DescentError);
  });
});

describe('takeRows, takeLabels, subset', () => {
  const x = Float32Array.from([0, 1, 10, 11, 20, 21]);
  it('gathers rows in the given order, repeats allowed', () => {
    expect(Array.from(takeRows(x, 2, [2, 0, 2]))).toEqual([20, 21, 0, 1, 20, 21]);
    expect(Array.from(takeLabels(Int32Array.from([5, 6, 7]), Int32Array.from([1, 1])))).toEqual([6, 6]);
    expect(takeLabels(Float32Array.from([0.5, 1.5]), [1])).toBeInstanceOf(Float32Array);
    const d = subset({ name: 'd', x, y: Int32Array.from([0, 1, 0]), n: 3, features: 2, task: 'classification', classes: 2 }, [1]);
    expect([d.n, Array.from(d.x), Array.from(d.y), d.classes]).toEqual([1, [10, 11], [1], 2]);
  });
  it('names the bad index or shape', () => {
    expect(() => takeRows(x, 2, [3])).toThrow(/takeRows: idx\[0\] = 3 is out of range \[0, 3\)/);
    expect(() => takeRows(x, 4, [0])).toThrow(/not a multiple of features = 4/);
    expect(() => takeLabels(Int32Array.from([1]), [-1])).toThrow(/idx\[0\] = -1/);
  });
});
