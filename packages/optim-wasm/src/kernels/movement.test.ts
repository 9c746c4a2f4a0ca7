import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import { loadCoreSync } from '../core/loader.js';
import { Rng } from '../rng/rng.js';
import { size } from '../shape.js';
import { movementReference } from '../reference/movement.js';
import { movementKernels } from './movement.js';

const core = loadCoreSync();
const wasm = movementKernels(core);
const ref = movementReference();

/** f32-representable data, so pure copies must match the f64 reference exactly. */
function data(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => Math.fround(rng.uniform(-2, 2)));
}

function shapeOf(rng: Rng, rank: number): number[] {
  const pick = [0, 1, 1, 2, 3, 4, 5, 7];
  return Array.from({ length: rank }, () => pick[rng.int(0, pick.length)]!);
}

function run(fn: () => { read(): Float32Array }): number[] {
  return core.tidy(() => [...fn().read()]);
}

function close(a: number[], b: Float64Array, tol = 0): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i]! - b[i]!) <= tol)) expect.fail(`[${i}]: ${a[i]} vs reference ${b[i]}`);
}

describe('movement kernels (wasm) against the f64 reference', () => {
  const rng = new Rng(42);

  it('permute: every permutation of ranks 0–5, sizes 0, 1 and non-multiples of 4', () => {
    for (let trial = 0; trial < 120; trial++) {
      const rank = trial % 6;
      const shape = shapeOf(rng, rank);
      const perm = [...rng.permutation(rank)];
      const x = data(rng, size(shape));
      close(run(() => wasm.permute(core.fromArray(x), shape, perm)), ref.permute(x, shape, perm));
    }
  });

  it('permute: a large 2-D transpose and a rank-6 view that needs the outer JS loop', () => {
    const x = data(rng, 67 * 131);
    close(run(() => wasm.permute(core.fromArray(x), [67, 131], [1, 0])), ref.permute(x, [67, 131], [1, 0]));
    const shape = [2, 3, 2, 3, 2, 3];
    const y = data(rng, size(shape));
    const perm = [5, 3, 1, 4, 2, 0];
    close(run(() => wasm.permute(core.fromArray(y), shape, perm)), ref.permute(y, shape, perm));
  });

  it('slice and sliceBackward with steps, empty ranges and full ranges', () => {
    for (let trial = 0; trial < 120; trial++) {
      const shape = shapeOf(rng, 1 + (trial % 4));
      const starts = shape.map((d) => rng.int(0, d + 1));
      const ends = shape.map((d, a) => (trial % 7 === 0 ? starts[a]! : rng.int(starts[a]!, d + 1)));
      const steps = shape.map(() => rng.int(1, 4));
      const x = data(rng, size(shape));
      const y = ref.slice(x, shape, starts, ends, steps);
      close(run(() => wasm.slice(core.fromArray(x), shape, starts, ends, steps)), y);
      const dy = data(rng, y.length);
      close(run(() => wasm.sliceBackward(core.fromArray(dy), shape, starts, ends, steps)), ref.sliceBackward(dy, shape, starts, ends, steps));
    }
  });

  it('concat along every axis, including empty inputs', () => {
    for (let trial = 0; trial < 60; trial++) {
      const base = shapeOf(rng, 1 + (trial % 4));
      const axis = rng.int(0, base.length);
      const shapes = Array.from({ length: 1 + rng.int(0, 3) }, () => base.map((d, a) => (a === axis ? rng.int(0, 5) : d)));
      const xs = shapes.map((s) => data(rng, size(s)));
      close(run(() => wasm.concat(xs.map((x) => core.fromArray(x)), shapes, axis)), ref.concat(xs, shapes, axis));
    }
  });

  it('indexSelect / indexAdd with repeated indices (repeats accumulate)', () => {
    for (let trial = 0; trial < 60; trial++) {
      const shape = shapeOf(rng, 1 + (trial % 3)).map((d) => Math.max(d, 1));
      const axis = rng.int(0, shape.length);
      const index = Int32Array.from({ length: rng.int(0, 9) }, () => rng.int(0, shape[axis]!));
      const x = data(rng, size(shape));
      const y = ref.indexSelect(x, shape, axis, index);
      close(run(() => wasm.indexSelect(core.fromArray(x), shape, axis, index)), y);
      const dy = data(rng, y.length);
      close(run(() => wasm.indexAdd(core.fromArray(dy), shape, axis, index)), ref.indexAdd(dy, shape, axis, index), 1e-5);
    }
  });

  it('indexSelect copies rows 16 at a time: counts around the group size, row tails of 0–3 floats, outer > 1', () => {
    // plain-JS oracle: out[o, l, :] = x[o, idx[l], :]
    const oracle = (x: Float64Array, outer: number, axisLen: number, inner: number, index: Int32Array): number[] => {
      const out: number[] = [];
      for (let o = 0; o < outer; o++) for (const j of index) for (let k = 0; k < inner; k++) out.push(x[(o * axisLen + j) * inner + k]!);
      return out;
    };
    for (const count of [15, 16, 17, 31, 32, 33, 128, 130]) {
      for (const inner of [1, 3, 4, 5, 8, 784]) {
        const outer = count === 17 ? 3 : 1;
        const axisLen = 40;
        const index = Int32Array.from({ length: count }, () => rng.int(0, axisLen));
        index[count - 1] = index[0]!; // a repeat
        const x = data(rng, outer * axisLen * inner);
        expect(run(() => wasm.indexSelect(core.fromArray(x), [outer, axisLen, inner], 1, index))).toEqual(oracle(x, outer, axisLen, inner, index));
      }
    }
  });

  it('gather / scatterAdd with an index smaller than x outside the axis', () => {
    for (let trial = 0; trial < 60; trial++) {
      const shape = shapeOf(rng, 1 + (trial % 4)).map((d) => Math.max(d, 1));
      const axis = rng.int(0, shape.length);
      const indexShape = shape.map((d, a) => (a === axis ? rng.int(0, 6) : rng.int(0, d + 1)));
      const index = Int32Array.from({ length: size(indexShape) }, () => rng.int(0, shape[axis]!));
      const x = data(rng, size(shape));
      close(run(() => wasm.gather(core.fromArray(x), shape, axis, index, indexShape)), ref.gather(x, shape, axis, index, indexShape));
      const dy = data(rng, index.length);
      close(run(() => wasm.scatterAdd(core.fromArray(dy), shape, axis, index, indexShape)), ref.scatterAdd(dy, shape, axis, index, indexShape), 1e-5);
    }
  });

  it('gather picks along the axis (torch.gather, dim=1)', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const out = run(() => wasm.gather(core.fromArray(x), [2, 3], 1, Int32Array.from([2, 0, 1, 1]), [2, 2]));
    expect(out).toEqual([3, 1, 5, 5]);
  });

  it('oneHot', () => {
    expect(run(() => wasm.oneHot(Int32Array.from([2, 0, 2]), 3))).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 1]);
    expect(run(() => wasm.oneHot(new Int32Array(0), 4))).toEqual([]);
  });
});

describe('movement input checks', () => {
  it('names the kernel and the shapes, before touching memory', () => {
    core.tidy(() => {
      const x = core.alloc(6);
      expect(() => wasm.permute(x, [2, 3], [0, 0])).toThrow(/permute: perm \[0,0\] is not a permutation of the axes of \[2, 3\]/);
      expect(() => wasm.permute(x, [2, 4], [1, 0])).toThrow(/permute: x has 6 elements but its shape \[2, 4\] needs 8/);
      expect(() => wasm.slice(x, [2, 3], [0, 0], [2, 4], [1, 1])).toThrow(/slice: axis 1 of \[2, 3\]: start 0, end 4/);
      expect(() => wasm.slice(x, [2, 3], [0, 0], [2, 3], [1, 0])).toThrow(/step ≥ 1/);
      expect(() => wasm.sliceBackward(x, [2, 3], [0, 0], [1, 3], [1, 1])).toThrow(/sliceBackward: dy has 6 elements but its shape \[1, 3\] needs 3/);
      expect(() => wasm.concat([x, core.alloc(4)], [[2, 3], [2, 2]], 0)).toThrow(/concat: shapes \[2, 3\] and \[2, 2\] differ outside axis 0/);
      expect(() => wasm.concat([x], [[2, 3]], 2)).toThrow(/concat: axis 2 is out of range/);
      expect(() => wasm.indexSelect(x, [2, 3], 1, Int32Array.from([0, 3]))).toThrow(/indexSelect: index\[1\] = 3 is out of range for axis 1 of \[2, 3\] \(size 3\)/);
      expect(() => wasm.indexAdd(x, [2, 3], 0, Int32Array.from([-1]))).toThrow(/indexAdd: index\[0\] = -1 is out of range/);
      expect(() => wasm.indexAdd(x, [2, 3], 0, Int32Array.from([1]))).toThrow(/indexAdd: dy has 6 elements but needs 3/);
      expect(() => wasm.gather(x, [2, 3], 1, Int32Array.from([0, 1, 2]), [3, 1])).toThrow(/gather: index shape \[3, 1\] must have the rank of \[2, 3\] and no larger size/);
      expect(() => wasm.gather(x, [2, 3], 1, Int32Array.from([0, 5]), [2, 1])).toThrow(/gather: index\[1\] = 5 is out of range/);
      expect(() => wasm.scatterAdd(x, [2, 3], 0, Int32Array.from([0, 1]), [1, 2])).toThrow(/scatterAdd: dy has 6 elements but its shape \[1, 2\] needs 2/);
      expect(() => wasm.oneHot(Int32Array.from([3]), 3)).toThrow(/oneHot: index\[0\] = 3 is out of range for 3 classes/);
      expect(() => wasm.indexSelect(x, [2, 3], 0, [0] as unknown as Int32Array)).toThrow(DescentError);
    });
  });

  it('rejects freed buffers', () => {
    const x = core.alloc(4);
    x.free();
    expect(() => wasm.permute(x, [4], [0])).toThrow(/permute: x.*was freed/);
    expect(() => wasm.concat([x], [[4]], 0)).toThrow(/concat: xs\[0\].*was freed/);
  });

  it('a sequence of index kernels never grows memory (index scratch is released)', () => {
    const x = core.fromArray(new Float64Array(1000), true);
    const index = Int32Array.from({ length: 300 }, (_, i) => i % 10);
    const step = () => core.tidy(() => void wasm.gather(x, [10, 100], 0, index, [3, 100]));
    step();
    const top = core.heapTop;
    for (let i = 0; i < 20; i++) step();
    expect(core.heapTop).toBe(top);
    x.free();
  });
});
