import { DescentError } from '@descent/optim-wasm';
import { record, recordView } from '../engine.js';
import { fmt, inferShape, normAxis, sameShape, sizeOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { backendOfAll, checkTensor, checkTensors } from './util.js';

/** Same data, new shape (one dim may be −1). Shares storage; the gradient is reshaped back. */
export function reshape<S>(x: Tensor<S>, shape: Shape): Tensor<S> {
  checkTensor('reshape', 'x', x);
  const to = inferShape('reshape', x.shape, shape);
  if (sameShape(to, x.shape)) return x;
  return recordView('reshape', x, to, (dy) => reshape(dy, x.shape));
}

/** Merge dims startDim..endDim into one (default: everything → 1-D). */
export function flatten<S>(x: Tensor<S>, startDim = 0, endDim = -1): Tensor<S> {
  checkTensor('flatten', 'x', x);
  if (x.rank === 0) return reshape(x, [1]);
  const s = normAxis('flatten', startDim, x.rank);
  const e = normAxis('flatten', endDim, x.rank);
  if (s > e) throw new DescentError('shape', `flatten: startDim ${startDim} comes after endDim ${endDim} for ${fmt(x.shape)}`);
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Insert a dim of size 1 at `dim` (−1 = at the end). */
export function unsqueeze<S>(x: Tensor<S>, dim: number): Tensor<S> {
  checkTensor('unsqueeze', 'x', x);
  const d = normAxis('unsqueeze', dim, x.rank + 1);
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

/** Drop size-1 dims (all of them, or just `dim`, which must have size 1). */
export function squeeze<S>(x: Tensor<S>, dim?: number): Tensor<S> {
  checkTensor('squeeze', 'x', x);
  if (dim === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const d = normAxis('squeeze', dim, x.rank);
  if (x.shape[d] !== 1) return x;
  return reshape(x, [...x.shape.slice(0, d), ...x.shape.slice(d + 1)]);
}

/** Reorder dims: out.shape[i] = x.shape[perm[i]]. The gradient is permuted by the inverse. */
export function permute<S>(x: Tensor<S>, perm: readonly number[]): Tensor<S> {
  checkTensor('permute', 'x', x);
  if (perm.length !== x.rank) throw new DescentError('shape', `permute: perm ${fmt(perm)} has ${perm.length} dims, tensor ${fmt(x.shape)} has ${x.rank}`);
  const p = perm.map((d) => normAxis('permute', d, x.rank));
  if (new Set(p).size !== p.length) throw new DescentError('shape', `permute: perm ${fmt(perm)} repeats a dim`);
  if (p.every((d, i) => d === i)) return x;
  const inverse = new Array<number>(p.length);
  p.forEach((d, i) => (inverse[d] = i));
  const data = x.backend.permute(x.storageFor('permute'), x.shape, p);
  return record('permute', [x], data, p.map((d) => x.shape[d]!), (dy) => [permute(dy, inverse)], []);
}

/** Swap two dims. */
export function transpose<S>(x: Tensor<S>, dim0 = -2, dim1 = -1): Tensor<S> {
  checkTensor('transpose', 'x', x);
  const a = normAxis('transpose', dim0, x.rank);
  const b = normAxis('transpose', dim1, x.rank);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** Python slice bounds normalised against a dim of size n (step > 0). */
function sliceBounds(n: number, start: number | undefined, end: number | undefined, step: number): [number, number, number] {
  const norm = (v: number | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, 0), n);
  };
  const s = norm(start, 0);
  const e = Math.max(norm(end, n), s);
  return [s, e, Math.ceil((e - s) / step)];
}

/** Python `x[..., start:end:step]` along `dim` (negative bounds count from the end; step > 0). */
export function slice<S>(x: Tensor<S>, dim: number, start?: number, end?: number, step = 1): Tensor<S> {
  checkTensor('slice', 'x', x);
  const d = normAxis('slice', dim, x.rank);
  if (!Number.isInteger(step) || step <= 0) throw new DescentError('value', `slice: step must be a positive integer, got ${step}`);
  for (const [k, v] of [['start', start], ['end', end]] as const) {
    if (v !== undefined && !Number.isInteger(v)) throw new DescentError('value', `slice: ${k} must be an integer, got ${v}`);
  }
  const [s, e, len] = sliceBounds(x.shape[d]!, start, end, step);
  const starts = x.shape.map(() => 0);
  const ends = [...x.shape];
  const steps = x.shape.map(() => 1);
  starts[d] = s;
  ends[d] = e;
  steps[d] = step;
  const shape = [...x.shape];
  shape[d] = len;
  if (len === x.shape[d] && step === 1) return x;
  const data = x.backend.slice(x.storageFor('slice'), x.shape, starts, ends, steps);
  return record('slice', [x], data, shape, (dy) => [sliceScatter(dy, x.shape, starts, ends, steps)], []);
}

/** The transpose of slice: `dy` placed into zeros of `shape`; its own gradient is the slice. */
function sliceScatter<S>(dy: Tensor<S>, shape: Shape, starts: number[], ends: number[], steps: number[]): Tensor<S> {
  const data = dy.backend.sliceBackward(dy.storageFor('slice'), shape, starts, ends, steps);
  return record('sliceBackward', [dy], data, shape, (ddx) => {
    const d = ddx.backend.slice(ddx.storageFor('slice'), shape, starts, ends, steps);
    return [record('slice', [ddx], d, dy.shape, (g) => [sliceScatter(g, shape, starts, ends, steps)], [])];
  }, []);
}

/** `x.select(dim, i)`: index one position of `dim` and drop the dim (negative i from the end). */
export function select<S>(x: Tensor<S>, dim: number, index: number): Tensor<S> {
  checkTensor('select', 'x', x);
  const d = normAxis('select', dim, x.rank);
  const n = x.shape[d]!;
  const i = index < 0 ? index + n : index;
  if (!Number.isInteger(index) || i < 0 || i >= n) throw new DescentError('value', `select: index ${index} is out of range for dim ${dim} of size ${n} in ${fmt(x.shape)}`);
  const one = slice(x, d, i, i + 1);
  return reshape(one, [...x.shape.slice(0, d), ...x.shape.slice(d + 1)]);
}

/** Join tensors along an existing dim; the gradient is sliced back into pieces. */
export function concat<S>(xs: readonly Tensor<S>[], dim = 0): Tensor<S> {
  checkTensors('concat', 'xs', xs);
  if (xs.length === 0) throw new DescentError('value', 'concat: needs at least one tensor');
  const first = xs[0]!;
  const be = backendOfAll('concat', xs);
  const d = normAxis('concat', dim, first.rank);
  for (const t of xs) {
    if (t.rank !== first.rank || t.shape.some((v, i) => i !== d && v !== first.shape[i])) {
      throw new DescentError('shape', `concat: shapes ${fmt(first.shape)} and ${fmt(t.shape)} differ outside dim ${dim}`);
    }
  }
  if (xs.length === 1) return first;
  const shape = [...first.shape];
  shape[d] = xs.reduce((s, t) => s + t.shape[d]!, 0);
  const data = be.concat(xs.map((t) => t.storageFor('concat')), xs.map((t) => t.shape), d);
  return record('concat', xs, data, shape, (dy) => {
    let offset = 0;
    return xs.map((t) => {
      const len = t.shape[d]!;
      const piece = t.requiresGrad ? slice(dy, d, offset, offset + len) : null;
      offset += len;
      return piece;
    });
  }, []);
}

/** Join same-shaped tensors along a new dim. */
export function stack<S>(xs: readonly Tensor<S>[], dim = 0): Tensor<S> {
  checkTensors('stack', 'xs', xs);
  if (xs.length === 0) throw new DescentError('value', 'stack: needs at least one tensor');
  const first = xs[0]!;
  for (const t of xs) {
    if (!sameShape(t.shape, first.shape)) throw new DescentError('shape', `stack: shapes ${fmt(first.shape)} and ${fmt(t.shape)} differ`);
  }
  const d = normAxis('stack', dim, first.rank + 1);
  return concat(xs.map((t) => unsqueeze(t, d)), d);
}

/** Integer indices: a plain array or Int32Array, checked against the dim size. */
export function toIndex(op: string, index: ArrayLike<number>, size: number): Int32Array {
  const out = Int32Array.from(index as ArrayLike<number>);
  for (let i = 0; i < index.length; i++) {
    const v = index[i]!;
    if (!Number.isInteger(v) || v < -size || v >= size) throw new DescentError('value', `${op}: index ${v} at position ${i} is out of range for a dim of size ${size}`);
    if (v < 0) out[i] = v + size;
  }
  return out;
}

/** `x.index_select(dim, index)`; repeated indices accumulate their gradients (index_add). */
export function indexSelect<S>(x: Tensor<S>, dim: number, index: ArrayLike<number>): Tensor<S> {
  checkTensor('indexSelect', 'x', x);
  const d = normAxis('indexSelect', dim, x.rank);
  const idx = toIndex('indexSelect', index, x.shape[d]!);
  const shape = [...x.shape];
  shape[d] = idx.length;
  const data = x.backend.indexSelect(x.storageFor('indexSelect'), x.shape, d, idx);
  return record('indexSelect', [x], data, shape, (dy) => [indexAdd(dy, x.shape, d, idx)], []);
}

/** Scatter-add `dy` rows into zeros of `shape` (the transpose of indexSelect). */
function indexAdd<S>(dy: Tensor<S>, shape: Shape, d: number, idx: Int32Array): Tensor<S> {
  const data = dy.backend.indexAdd(dy.storageFor('indexSelect'), shape, d, idx);
  return record('indexAdd', [dy], data, shape, (g) => [indexSelect(g, d, idx)], []);
}

/**
 * torch.gather: out has the index's shape, out[i][j] = x[i][index[i][j]] for dim = 1 (likewise
 * for any dim). The gradient scatter-adds back. `index` is flat row-major with `indexShape`.
 */
export function gather<S>(x: Tensor<S>, dim: number, index: ArrayLike<number>, indexShape: Shape = [index.length]): Tensor<S> {
  checkTensor('gather', 'x', x);
  const d = normAxis('gather', dim, x.rank);
  if (indexShape.length !== x.rank || sizeOf(indexShape) !== index.length) {
    throw new DescentError('shape', `gather: index shape ${fmt(indexShape)} (${index.length} values) must have the rank of x ${fmt(x.shape)}`);
  }
  indexShape.forEach((v, i) => {
    if (i !== d && v > x.shape[i]!) throw new DescentError('shape', `gather: index shape ${fmt(indexShape)} exceeds x ${fmt(x.shape)} at dim ${i}`);
  });
  const idx = toIndex('gather', index, x.shape[d]!);
  const shape = [...indexShape];
  const data = x.backend.gather(x.storageFor('gather'), x.shape, d, idx, shape);
  return record('gather', [x], data, shape, (dy) => [scatterAdd(dy, x.shape, d, idx)], []);
}

function scatterAdd<S>(dy: Tensor<S>, shape: Shape, d: number, idx: Int32Array): Tensor<S> {
  const data = dy.backend.scatterAdd(dy.storageFor('gather'), shape, d, idx, dy.shape);
  return record('scatterAdd', [dy], data, shape, (g) => [gather(g, d, idx, dy.shape)], []);
}

