import { DescentError, type ReduceOp } from '@descent/optim-wasm';
import { record } from '../engine.js';
import { normAxes, reducedShape, sizeOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { div, mul, sub } from './arithmetic.js';
import { broadcastTo } from './broadcast.js';
import { eq } from './compare.js';
import { gather, reshape } from './movement.js';
import { square } from './unary.js';
import { checkTensor } from './util.js';

/** `dim`: one axis, a list, or null/undefined for all; negative axes count from the end. */
export type Dim = number | readonly number[] | null | undefined;

/** Run a backend reduction; returns the data (reduced dims kept as 1 in the layout) and axes. */
function reduceRaw<S>(op: ReduceOp, name: string, x: Tensor<S>, dim: Dim): { data: S; axes: number[] } {
  const axes = normAxes(name, dim, x.rank);
  return { data: x.backend.reduce(op, x.storageFor(name), x.shape, axes), axes };
}

/** `g` (reduced shape) broadcast back to x's shape. */
export function expandBack<S>(g: Tensor<S>, xShape: Shape, axes: readonly number[]): Tensor<S> {
  return broadcastTo(reshape(g, reducedShape(xShape, axes, true)), xShape);
}

/** Σ over `dim` (default: all → scalar); d/dx = dy broadcast back. */
export function sum<S>(x: Tensor<S>, dim?: Dim, keepdim = false): Tensor<S> {
  checkTensor('sum', 'x', x);
  const { data, axes } = reduceRaw('sum', 'sum', x, dim);
  return record('sum', [x], data, reducedShape(x.shape, axes, keepdim), (dy) => [expandBack(dy, x.shape, axes)], []);
}

/** Mean over `dim`; d/dx = dy / N broadcast back. */
export function mean<S>(x: Tensor<S>, dim?: Dim, keepdim = false): Tensor<S> {
  checkTensor('mean', 'x', x);
  const { data, axes } = reduceRaw('mean', 'mean', x, dim);
  const n = sizeOf(axes.map((a) => x.shape[a]!));
  return record('mean', [x], data, reducedShape(x.shape, axes, keepdim), (dy) => [expandBack(div(dy, n), x.shape, axes)], []);
}

/**
 * Max (or min) over `dim` with the gradient split evenly among tied elements (torch.amax).
 * d/dx = dy · [x = y] / count(x = y).
 */
function extremeEven<S>(op: 'max' | 'min', name: string, x: Tensor<S>, dim: Dim, keepdim: boolean): Tensor<S> {
  if (x.size === 0) throw new DescentError('shape', `${name}: cannot reduce an empty tensor`);
  const { data, axes } = reduceRaw(op, name, x, dim);
  return record(name, [x], data, reducedShape(x.shape, axes, keepdim), (dy, y) => {
    const yk = reshape(y.detach(), reducedShape(x.shape, axes, true));
    const mask = eq(x.detach(), yk);
    const count = sum(mask, axes, true);
    return [mul(expandBack(div(dy, reshape(count, dy.shape)), x.shape, axes), mask)];
  });
}

/** Largest value over `dim` (default all); ties share the gradient evenly. */
export function amax<S>(x: Tensor<S>, dim?: Dim, keepdim = false): Tensor<S> {
  checkTensor('amax', 'x', x);
  return extremeEven('max', 'amax', x, dim, keepdim);
}

/** Smallest value over `dim` (default all); ties share the gradient evenly. */
export function amin<S>(x: Tensor<S>, dim?: Dim, keepdim = false): Tensor<S> {
  checkTensor('amin', 'x', x);
  return extremeEven('min', 'amin', x, dim, keepdim);
}

/**
 * torch.max: with a `dim`, the values along it with the whole gradient going to the first
 * argmax (composed as a gather at the argmax); without, the max of all elements (ties even).
 */
export function max<S>(x: Tensor<S>, dim?: number, keepdim = false): Tensor<S> {
  checkTensor('max', 'x', x);
  return dim === undefined ? amax(x) : extremeAt('argmax', x, dim, keepdim);
}

/** torch.min, as `max`. */
export function min<S>(x: Tensor<S>, dim?: number, keepdim = false): Tensor<S> {
  checkTensor('min', 'x', x);
  return dim === undefined ? amin(x) : extremeAt('argmin', x, dim, keepdim);
}

function extremeAt<S>(op: 'argmax' | 'argmin', x: Tensor<S>, dim: number, keepdim: boolean): Tensor<S> {
  const name = op === 'argmax' ? 'max' : 'min';
  const [axis] = normAxes(name, dim, x.rank) as [number];
  if (x.shape[axis] === 0) throw new DescentError('shape', `${name}: cannot reduce an empty dim ${dim}`);
  const idx = x.backend.argReduce(op, x.storageFor(name), x.shape, axis);
  const keptShape = reducedShape(x.shape, [axis], true);
  const values = gather(x, axis, idx, keptShape);
  return keepdim ? values : reshape(values, reducedShape(x.shape, [axis], false));
}

/** Index of the max along `dim` (first occurrence), as an Int32Array with the dim kept as 1. */
export function argmax<S>(x: Tensor<S>, dim: number): Int32Array {
  checkTensor('argmax', 'x', x);
  const [axis] = normAxes('argmax', dim, x.rank) as [number];
  return x.backend.argReduce('argmax', x.storageFor('argmax'), x.shape, axis);
}

/**
 * Variance over `dim`: Σ(x − mean)² / (N − correction) (correction 1 = unbiased, PyTorch's
 * default). Composed from mean/sub/square/sum, so it has no hand-written backward.
 */
export function variance<S>(x: Tensor<S>, dim?: Dim, { correction = 1, keepdim = false }: { correction?: number; keepdim?: boolean } = {}): Tensor<S> {
  checkTensor('variance', 'x', x);
  const axes = normAxes('var', dim, x.rank);
  const n = sizeOf(axes.map((a) => x.shape[a]!));
  const centered = sub(x, mean(x, axes, true));
  return div(sum(square(centered), axes, keepdim), Math.max(0, n - correction));
}
