import { DescentError } from '@descent/optim-wasm';
import { record } from '../engine.js';
import { broadcastShapes, fmt, sameShape, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkTensor } from './util.js';

/**
 * Sum `x` down to `shape`, undoing NumPy broadcasting: the one place every op's gradient goes
 * through when its input was broadcast. Returns `x` itself when the shapes already match.
 */
export function reduceToShape<S>(x: Tensor<S>, shape: Shape): Tensor<S> {
  checkTensor('reduceToShape', 'x', x);
  if (sameShape(x.shape, shape)) return x;
  if (!sameShape(broadcastShapes('reduceToShape', shape, x.shape), x.shape)) {
    throw new DescentError('shape', `reduceToShape: ${fmt(x.shape)} is not a broadcast of ${fmt(shape)}`);
  }
  const data = x.backend.sumToShape(x.storageFor('reduceToShape'), x.shape, shape);
  return record('reduceToShape', [x], data, shape, (dy) => [broadcastTo(dy, x.shape)], []);
}

/** Materialise `x` broadcast to `shape` (NumPy rules); the gradient sums back with reduceToShape. */
export function broadcastTo<S>(x: Tensor<S>, shape: Shape): Tensor<S> {
  checkTensor('broadcastTo', 'x', x);
  if (sameShape(x.shape, shape)) return x;
  if (!sameShape(broadcastShapes('broadcastTo', x.shape, shape), shape)) {
    throw new DescentError('shape', `broadcastTo: cannot broadcast ${fmt(x.shape)} to ${fmt(shape)}`);
  }
  const data = x.backend.broadcastTo(x.storageFor('broadcastTo'), x.shape, shape);
  return record('broadcastTo', [x], data, shape, (dy) => [reduceToShape(dy, x.shape)], []);
}
