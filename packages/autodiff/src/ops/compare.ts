import type { CompareOp } from '@descent/optim-wasm';
import { DescentError } from '@descent/optim-wasm';
import { record } from '../engine.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { reduceToShape } from './broadcast.js';
import { backendOf, checkTensor, lift, OR_NUMBER } from './util.js';

function pick<S>(op: string, a: Tensor<S> | number, b: Tensor<S> | number): [Tensor<S>, Tensor<S>] {
  if (typeof a === 'number' && typeof b === 'number') throw new DescentError('value', `${op}: at least one operand must be a tensor`);
  const like = (typeof a === 'number' ? b : a) as Tensor<S>;
  return [lift(a, like), lift(b, like)];
}

function compare<S>(op: CompareOp, a0: Tensor<S> | number, b0: Tensor<S> | number): Tensor<S> {
  checkTensor(op, 'a', a0, OR_NUMBER);
  checkTensor(op, 'b', b0, OR_NUMBER);
  const [a, b] = pick(op, a0, b0);
  const be = backendOf(op, a, b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  return Tensor.fromStorage(be, be.compare(op, a.storageFor(op), a.shape, b.storageFor(op), b.shape), shape);
}

/** 1 where a = b, else 0: elementwise comparisons give a float 0/1 mask, broadcast, with no gradient. */
export const eq = <S>(a: Tensor<S> | number, b: Tensor<S> | number): Tensor<S> => compare('eq', a, b);
/** 1 where a ≠ b, else 0 (broadcasting, no gradient). */
export const ne = <S>(a: Tensor<S> | number, b: Tensor<S> | number): Tensor<S> => compare('ne', a, b);
/** 1 where a < b, else 0 (broadcasting, no gradient). */
export const lt = <S>(a: Tensor<S> | number, b: Tensor<S> | number): Tensor<S> => compare('lt', a, b);
/** 1 where a ≤ b, else 0 (broadcasting, no gradient). */
export const le = <S>(a: Tensor<S> | number, b: Tensor<S> | number): Tensor<S> => compare('le', a, b);
/** 1 where a > b, else 0 (broadcasting, no gradient). */
export const gt = <S>(a: Tensor<S> | number, b: Tensor<S> | number): Tensor<S> => compare('gt', a, b);
/** 1 where a ≥ b, else 0 (broadcasting, no gradient). */
export const ge = <S>(a: Tensor<S> | number, b: Tensor<S> | number): Tensor<S> => compare('ge', a, b);

/**
 * `cond ? a : b` elementwise with broadcasting of all three (cond is a 0/1 mask, never
 * differentiated). d/da = dy where cond, d/db = dy elsewhere, each summed back to its shape.
 */
export function where<S>(cond: Tensor<S>, a0: Tensor<S> | number, b0: Tensor<S> | number): Tensor<S> {
  checkTensor('where', 'cond', cond);
  checkTensor('where', 'a', a0, OR_NUMBER);
  checkTensor('where', 'b', b0, OR_NUMBER);
  const [a, b] = pick('where', a0, b0);
  const be = backendOf('where', cond, a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
  const data = be.where(cond.storageFor('where'), cond.shape, a.storageFor('where'), a.shape, b.storageFor('where'), b.shape);
  return record(
    'where',
    [cond, a, b],
    data,
    shape,
    (dy) => [
      null,
      a.requiresGrad ? reduceToShape(where(cond, dy, 0), a.shape) : null,
      b.requiresGrad ? reduceToShape(where(cond, 0, dy), b.shape) : null,
    ],
    [cond],
  );
}
