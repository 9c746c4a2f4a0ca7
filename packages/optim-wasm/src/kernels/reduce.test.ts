import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { DescentError } from '../errors.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import type { ReduceOp, Shape } from '../backend/backend.js';
import { normalizeAxes, size } from '../shape.js';
import { autodiffOpCases, floats, mismatch, randomData, seeded } from '../../test/support/kernels.js';

const core = loadCoreSync();
const W = createWasmBackend(core);
const R = createReferenceBackend();
const OPS: ReduceOp[] = ['sum', 'mean', 'max', 'min', 'logsumexp', 'var'];

/** Every subset of the axes of `shape`, as sorted lists. */
function allAxisSets(rank: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << rank; m++) out.push([...Array(rank).keys()].filter((i) => m & (1 << i)));
  return out;
}

describe('reduce against the f64 reference', () => {
  const SHAPES: Shape[] = [[], [1], [7], [4, 5], [3, 1, 6], [2, 3, 4, 5], [5, 1, 9, 1], [2, 0, 3], [1, 1030], [1030, 3], [3, 4, 1, 1, 5]];
  for (const op of OPS) {
    it(`${op} over every axis subset of shapes incl. 0, 1 and non-multiples of 4`, () => {
      const rand = seeded(op.length * 7 + 1);
      for (const shape of SHAPES) {
        const x = randomData(rand, size(shape), -4, 4);
        for (const axes of allAxisSets(shape.length)) {
          const count = axes.reduce((c, a) => c * shape[a]!, 1);
          if ((op === 'max' || op === 'min') && count === 0) continue; // an error, tested below
          for (const correction of op === 'var' ? [0, 1] : [1]) {
            const got = W.toArray(W.reduce(op, W.fromArray(x), shape, axes, { correction }));
            const want = R.reduce(op, R.fromArray(x), shape, axes, { correction });
            expect(mismatch(got, want, 2e-6, 1e-6), `${op} ${JSON.stringify(shape)} axes ${JSON.stringify(axes)} c=${correction}`).toBeUndefined();
          }
        }
      }
    });
  }

  it('empty reductions follow PyTorch: sum 0, mean/var NaN, logsumexp −∞, max/min an error', () => {
    const x = W.fromArray([]);
    expect(Array.from(W.toArray(W.reduce('sum', x, [0, 3], [0])))).toEqual([0, 0, 0]);
    expect(Array.from(W.toArray(W.reduce('mean', x, [0, 3], [0]))).every(Number.isNaN)).toBe(true);
    expect(Array.from(W.toArray(W.reduce('logsumexp', x, [0, 3], [0])))).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(() => W.reduce('max', x, [0, 3], [0])).toThrow(/reduce\(max\).*\[0, 3\].*empty/);
    expect(W.reduce('max', x, [3, 0], [0]).length).toBe(0);
  });

  it('var divides by max(0, N − correction): one sample with correction 1 is NaN', () => {
    const got = W.toArray(W.reduce('var', W.fromArray([1, 2, 3]), [3, 1], [1]));
    expect(Array.from(got).every(Number.isNaN)).toBe(true);
    const biased = W.toArray(W.reduce('var', W.fromArray([1, 2, 3, 4]), [4], [0], { correction: 0 }));
    expect(biased[0]).toBeCloseTo(1.25, 6);
  });
});

describe('reduce accuracy', () => {
  it('a 10M-element sum of 0.1f stays within 1e-6 of the exact value', () => {
    const n = 10_000_000;
    const x = W.full(n, 0.1);
    const exact = n * Math.fround(0.1);
    const s = W.toArray(W.reduce('sum', x, [n], [0]))[0]!;
    expect(Math.abs(s - exact) / exact).toBeLessThan(1e-6);
    const m = W.toArray(W.reduce('mean', x, [n], [0]))[0]!;
    expect(Math.abs(m - Math.fround(0.1)) / 0.1).toBeLessThan(1e-6);
    // The same data as 2.5M rows of 4 (the "columns kept" path) and as [4, 2.5M].
    const cols = W.toArray(W.reduce('sum', x, [n / 4, 4], [0]));
    for (const v of cols) expect(Math.abs(v - exact / 4) / (exact / 4)).toBeLessThan(1e-6);
    const rows = W.toArray(W.reduce('sum', x, [4, n / 4], [1]));
    for (const v of rows) expect(Math.abs(v - exact / 4) / (exact / 4)).toBeLessThan(1e-6);
    const v = W.toArray(W.reduce('var', x, [n], [0]))[0]!;
    expect(Math.abs(v)).toBeLessThan(1e-12);
    W.free(x);
  });

  it('logsumexp is max-shifted: logsumexp(50 + x) = 50 + logsumexp(x), and ±1000 stay finite', () => {
    const x = randomData(seeded(3), 12, -1, 1);
    const base = W.toArray(W.reduce('logsumexp', W.fromArray(x), [3, 4], [1]));
    const shifted = W.toArray(W.reduce('logsumexp', W.fromArray(x.map((v) => v + 50)), [3, 4], [1]));
    for (let i = 0; i < 3; i++) expect(shifted[i]! - 50).toBeCloseTo(base[i]!, 5);
    const big = W.toArray(W.reduce('logsumexp', W.fromArray([1000, 1000, -1000, -1000]), [2, 2], [1]));
    expect(big[0]).toBeCloseTo(1000 + Math.LN2, 3);
    expect(big[1]).toBeCloseTo(-1000 + Math.LN2, 3);
    const inf = W.toArray(W.reduce('logsumexp', W.fromArray([Infinity, 1, -Infinity, -Infinity]), [2, 2], [1]));
    expect(Array.from(inf)).toEqual([Infinity, -Infinity]);
  });

  it('max/min propagate NaN', () => {
    const got = W.toArray(W.reduce('max', W.fromArray([1, NaN, 3, 4, 5, 6]), [2, 3], [1]));
    expect(Number.isNaN(got[0])).toBe(true);
    expect(got[1]).toBe(6);
  });
});

describe('argReduce', () => {
  it('matches the reference; the first occurrence wins on ties', () => {
    const rand = seeded(11);
    for (const shape of [[7], [3, 4], [2, 3, 5], [4, 1, 6], [1, 9]] as Shape[]) {
      // Small integers make ties common.
      const x = Array.from({ length: size(shape) }, () => Math.floor(rand() * 3));
      for (let axis = 0; axis < shape.length; axis++) {
        for (const op of ['argmax', 'argmin'] as const) {
          const got = W.argReduce(op, W.fromArray(x), shape, axis);
          const want = R.argReduce(op, R.fromArray(x), shape, axis);
          expect(Array.from(got), `${op} ${JSON.stringify(shape)} axis ${axis}`).toEqual(Array.from(want));
        }
      }
    }
    expect(Array.from(W.argReduce('argmax', W.fromArray([1, 5, 5, 2]), [4], 0))).toEqual([1]);
    expect(Array.from(W.argReduce('argmin', W.fromArray([3, 1, 2, 1]), [4], 0))).toEqual([1]);
    expect(Array.from(W.argReduce('argmax', W.fromArray([1, NaN, 7, NaN]), [4], 0))).toEqual([1]);
  });

  it('rejects an empty axis and an axis out of range', () => {
    expect(() => W.argReduce('argmax', W.fromArray([]), [2, 0], 1)).toThrow(/argReduce\(argmax\).*axis 1.*\[2, 0\].*empty/);
    expect(() => W.argReduce('argmax', W.fromArray([1, 2]), [2], 1)).toThrow(DescentError);
  });
});

describe('input checks and steady state', () => {
  it('name the kernel, the shape and the axes', () => {
    const x = W.fromArray([1, 2, 3, 4, 5, 6]);
    expect(() => W.reduce('sum', x, [2, 2], [0])).toThrow(/reduce\(sum\).*6 elements.*\[2, 2\]/);
    expect(() => W.reduce('sum', x, [2, 3], [1, 0])).toThrow(/reduce\(sum\): axes \[1, 0\] must be sorted/);
    expect(() => W.reduce('sum', x, [2, 3], [2])).toThrow(/axes \[2\]/);
    expect(() => W.reduce('bogus' as ReduceOp, x, [2, 3], [0])).toThrow(/unknown op 'bogus'/);
    expect(() => W.reduce('var', x, [2, 3], [0], { correction: NaN })).toThrow(/correction/);
    const dead = W.fromArray([1]);
    dead.free();
    expect(() => W.reduce('sum', dead, [1], [0])).toThrow(/reduce\(sum\): x.*was freed/);
  });

  it('repeated reductions (including the f64 accumulator and var/logsumexp temporaries) never grow memory', () => {
    const x = W.fromArray(randomData(seeded(4), 2 * 3 * 50_000));
    const step = () =>
      W.tidy(() => {
        W.reduce('var', x, [2, 3, 50_000], [0, 2]);
        W.reduce('logsumexp', x, [2, 3, 50_000], [1]);
        W.reduce('mean', x, [2, 3, 50_000], [0]);
        return W.reduce('sum', x, [2, 3, 50_000], [0, 1, 2]);
      });
    W.free(step());
    const top = core.heapTop;
    const live = core.liveBytes;
    for (let i = 0; i < 20; i++) W.free(step());
    expect(core.heapTop).toBe(top);
    expect(core.liveBytes).toBe(live);
  });
});

describe('PyTorch fixtures (forward values)', () => {
  it('sum, mean, max (dim) and logsumexp match', () => {
    let checked = 0;
    for (const c of autodiffOpCases()) {
      const op = ({ sum: 'sum', mean: 'mean', max: 'max', logsumexp: 'logsumexp' } as Record<string, ReduceOp>)[c.op];
      if (!op || c.family === 'amax_ties') continue;
      const x = c.inputs.x!;
      const dim = c.attrs.dim as number | number[] | null | undefined;
      const axes = normalizeAxes(dim, x.shape.length);
      const got = W.toArray(W.reduce(op, W.fromArray(floats(x)), x.shape, axes));
      expect(mismatch(got, floats(c.expected.output), c.rtol, c.atol), c.id).toBeUndefined();
      expect(mismatch(R.reduce(op, R.fromArray(floats(x)), x.shape, axes), floats(c.expected.output), 1e-9, 1e-12), `${c.id} (reference)`).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
