import { DescentError, type BinaryOp } from '@descent/optim-wasm';
import { record } from '../engine.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { reduceToShape } from './broadcast.js';
import { eq, gt, lt } from './compare.js';
import { log, neg, powScalar } from './unary.js';
import { backendOf, checkFinite, checkTensor, lift, OR_NUMBER } from './util.js';

type Operand<S> = Tensor<S> | number;
type Back<S> = (dy: Tensor<S>, out: Tensor<S>) => readonly (Tensor<S> | null)[];

function binary<S>(op: BinaryOp, a: Tensor<S>, b: Tensor<S>, backward: Back<S>, saved?: Tensor<S>[]): Tensor<S> {
  const be = backendOf(op, a, b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const data = be.binary(op, a.storageFor(op), a.shape, b.storageFor(op), b.shape);
  return record(op, [a, b], data, shape, backward, saved);
}

/** `op(x, s)`, or `op(s, x)` with scalarFirst. */
function scalar<S>(op: BinaryOp, x: Tensor<S>, s: number, scalarFirst: boolean, backward: Back<S>, saved?: Tensor<S>[]): Tensor<S> {
  checkFinite(op, 'scalar operand', s);
  const data = x.backend.binaryScalar(op, x.storageFor(op), s, scalarFirst);
  return record(op, [x], data, x.shape, backward, saved);
}

function needTensor(op: string): never {
  throw new DescentError('value', `${op}: at least one operand must be a tensor`);
}

/** a + b (broadcasting). d/da = dy, d/db = dy, each summed back to its input's shape. */
export function add<S>(a: Operand<S>, b: Operand<S>): Tensor<S> {
  checkTensor('add', 'a', a, OR_NUMBER);
  checkTensor('add', 'b', b, OR_NUMBER);
  if (typeof a === 'number') return typeof b === 'number' ? needTensor('add') : add(b, a);
  if (typeof b === 'number') return scalar('add', a, b, false, (dy) => [dy], []);
  return binary('add', a, b, (dy) => [reduceToShape(dy, a.shape), reduceToShape(dy, b.shape)], []);
}

/** a − b. d/da = dy, d/db = −dy. */
export function sub<S>(a: Operand<S>, b: Operand<S>): Tensor<S> {
  checkTensor('sub', 'a', a, OR_NUMBER);
  checkTensor('sub', 'b', b, OR_NUMBER);
  if (typeof a === 'number') {
    if (typeof b === 'number') needTensor('sub');
    return scalar('sub', b, a, true, (dy) => [neg(dy)], []);
  }
  if (typeof b === 'number') return scalar('sub', a, b, false, (dy) => [dy], []);
  return binary('sub', a, b, (dy) => [reduceToShape(dy, a.shape), b.requiresGrad ? reduceToShape(neg(dy), b.shape) : null], []);
}

/** a ⊙ b. d/da = dy ⊙ b, d/db = dy ⊙ a. */
export function mul<S>(a: Operand<S>, b: Operand<S>): Tensor<S> {
  checkTensor('mul', 'a', a, OR_NUMBER);
  checkTensor('mul', 'b', b, OR_NUMBER);
  if (typeof a === 'number') return typeof b === 'number' ? needTensor('mul') : mul(b, a);
  if (typeof b === 'number') return scalar('mul', a, b, false, (dy) => [mul(dy, b)], []);
  return binary(
    'mul',
    a,
    b,
    (dy) => [a.requiresGrad ? reduceToShape(mul(dy, b), a.shape) : null, b.requiresGrad ? reduceToShape(mul(dy, a), b.shape) : null],
    [a, b],
  );
}

/** a / b. d/da = dy / b, d/db = −dy ⊙ (a/b) / b. */
export function div<S>(a: Operand<S>, b: Operand<S>): Tensor<S> {
  checkTensor('div', 'a', a, OR_NUMBER);
  checkTensor('div', 'b', b, OR_NUMBER);
  if (typeof a === 'number') {
    if (typeof b === 'number') needTensor('div');
    return scalar('div', b, a, true, (dy, out) => [neg(div(mul(dy, out), b))], undefined);
  }
  if (typeof b === 'number') return scalar('div', a, b, false, (dy) => [div(dy, b)], []);
  return binary('div', a, b, (dy, out) => [
    a.requiresGrad ? reduceToShape(div(dy, b), a.shape) : null,
    b.requiresGrad ? reduceToShape(neg(div(mul(dy, out), b)), b.shape) : null,
  ]);
}

/**
 * a^b. A number exponent is `powScalar` (d/dx = p·x^(p−1)); a tensor exponent broadcasts, with
 * d/da = dy ⊙ b ⊙ a^(b−1) and d/db = dy ⊙ a^b ⊙ ln a (0 where a = 0, as PyTorch).
 */
export function pow<S>(a: Operand<S>, b: Operand<S>): Tensor<S> {
  checkTensor('pow', 'a', a, OR_NUMBER);
  checkTensor('pow', 'b', b, OR_NUMBER);
  if (typeof b === 'number') return typeof a === 'number' ? needTensor('pow') : powScalar(a, b);
  if (typeof a === 'number') {
    if (!(a > 0)) throw new DescentError('value', `pow: a scalar base must be > 0 for a tensor exponent, got ${a}`);
    return pow(lift(a, b), b);
  }
  return binary('pow', a, b, (dy, out) => {
    const da = a.requiresGrad ? reduceToShape(mul(dy, mul(b, pow(a, sub(b, 1)))), a.shape) : null;
    let db: Tensor<S> | null = null;
    if (b.requiresGrad) {
      const zero = eq(a, 0);
      const logA = mul(log(add(mul(zero, 1), a)), sub(1, zero)); // ln a, with 0 where a = 0
      db = reduceToShape(mul(dy, mul(out, logA)), b.shape);
    }
    return [da, db];
  });
}

/** Elementwise max; at ties each input gets half of dy (PyTorch's convention). */
export function maximum<S>(a0: Operand<S>, b0: Operand<S>): Tensor<S> {
  checkTensor('maximum', 'a', a0, OR_NUMBER);
  checkTensor('maximum', 'b', b0, OR_NUMBER);
  return extremum('maximum', a0, b0);
}

/** Elementwise min; at ties each input gets half of dy. */
export function minimum<S>(a0: Operand<S>, b0: Operand<S>): Tensor<S> {
  checkTensor('minimum', 'a', a0, OR_NUMBER);
  checkTensor('minimum', 'b', b0, OR_NUMBER);
  return extremum('minimum', a0, b0);
}

function extremum<S>(op: 'maximum' | 'minimum', a0: Operand<S>, b0: Operand<S>): Tensor<S> {
  if (typeof a0 === 'number' && typeof b0 === 'number') needTensor(op);
  const like = (typeof a0 === 'number' ? b0 : a0) as Tensor<S>;
  const a = lift(a0, like);
  const b = lift(b0, like);
  return binary(op, a, b, (dy) => {
    // share of dy going to a: 1 where a wins, ½ at ties, 0 where b wins
    const wins = op === 'maximum' ? gt(a, b) : lt(a, b);
    const toA = add(wins, mul(eq(a, b), 0.5));
    const ga = mul(dy, toA);
    return [a.requiresGrad ? reduceToShape(ga, a.shape) : null, b.requiresGrad ? reduceToShape(sub(dy, ga), b.shape) : null];
  }, [a, b]);
}
