import { DescentError, type UnaryOp, type UnaryParams } from '@descent/optim-wasm';
import { record } from '../engine.js';
import { isGradEnabled } from '../grad-mode.js';
import { Tensor } from '../tensor.js';
import { add, div, mul, sub } from './arithmetic.js';
import { ge, gt, le, where } from './compare.js';
import { checkFinite, checkTensor } from './util.js';

/**
 * One elementwise op y = f(x). Backward uses the fused kernel `unaryBackward`; while a graph of
 * the backward is being built (createGraph, for second order) it uses `composite`, the same
 * derivative written with differentiable ops.
 */
function unary<S>(
  op: UnaryOp,
  x: Tensor<S>,
  params: UnaryParams | undefined,
  composite: (dy: Tensor<S>, y: Tensor<S>) => Tensor<S>,
  name: string = op,
): Tensor<S> {
  const be = x.backend;
  const data = be.unary(op, x.storageFor(name), params);
  return record(name, [x], data, x.shape, (dy, y) => {
    if (isGradEnabled()) return [composite(dy, y)];
    const g = be.unaryBackward(op, x.storageFor(name), y.storageFor(name), dy.storageFor(name), params);
    return [Tensor.fromStorage(be, g, x.shape)];
  });
}

/** A 0/1 or ±1 tensor computed from x, carrying no gradient. */
function constantOf<S>(op: UnaryOp, x: Tensor<S>, params?: UnaryParams): Tensor<S> {
  return Tensor.fromStorage(x.backend, x.backend.unary(op, x.storageFor(op), params), x.shape);
}

/** −x. */
export function neg<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('neg', 'x', x);
  return unary('neg', x, undefined, (dy) => neg(dy));
}

/** |x|; d/dx = sign(x), with abs'(0) = 0. */
export function abs<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('abs', 'x', x);
  return unary('abs', x, undefined, (dy) => mul(dy, constantOf('sign', x)));
}

/** sign(x) ∈ {−1, 0, 1}; piecewise constant, so it carries no gradient. */
export function sign<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('sign', 'x', x);
  return constantOf('sign', x);
}

/** eˣ; d/dx = y. */
export function exp<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('exp', 'x', x);
  return unary('exp', x, undefined, (dy, y) => mul(dy, y));
}

/** ln x; d/dx = 1/x. */
export function log<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('log', 'x', x);
  return unary('log', x, undefined, (dy) => div(dy, x));
}

/** √x; d/dx = 1/(2y). */
export function sqrt<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('sqrt', 'x', x);
  return unary('sqrt', x, undefined, (dy, y) => div(dy, mul(y, 2)));
}

/** x²; d/dx = 2x. */
export function square<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('square', 'x', x);
  return unary('square', x, undefined, (dy) => mul(dy, mul(x, 2)));
}

/** 1/x; d/dx = −y². */
export function reciprocal<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('reciprocal', 'x', x);
  return unary('reciprocal', x, undefined, (dy, y) => mul(dy, mul(mul(y, y), -1)));
}

/** tanh x; d/dx = 1 − y². */
export function tanh<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('tanh', 'x', x);
  return unary('tanh', x, undefined, (dy, y) => mul(dy, sub(1, mul(y, y))));
}

/** sin x; d/dx = cos x (an op of its own, so double backward composes: d²/dx² = −sin x). */
export function sin<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('sin', 'x', x);
  return unary('sin', x, undefined, (dy) => mul(dy, cos(x)));
}

/** cos x; d/dx = −sin x. */
export function cos<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('cos', 'x', x);
  return unary('cos', x, undefined, (dy) => mul(dy, neg(sin(x))));
}

/** σ(x) = 1/(1+e⁻ˣ); d/dx = y(1 − y). */
export function sigmoid<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('sigmoid', 'x', x);
  return unary('sigmoid', x, undefined, (dy, y) => mul(dy, mul(y, sub(1, y))));
}

/** max(x, 0); relu'(0) = 0. */
export function relu<S>(x: Tensor<S>): Tensor<S> {
  checkTensor('relu', 'x', x);
  return unary('relu', x, undefined, (dy) => mul(dy, gt(x, 0)));
}

/** x if x > 0 else slope·x (default slope 0.01). */
export function leakyRelu<S>(x: Tensor<S>, negativeSlope = 0.01): Tensor<S> {
  checkTensor('leakyRelu', 'x', x);
  checkFinite('leakyRelu', 'negativeSlope', negativeSlope);
  return unary('leakyRelu', x, { alpha: negativeSlope }, (dy) => mul(dy, add(mul(gt(x, 0), 1 - negativeSlope), negativeSlope)), 'leakyRelu');
}

/** x if x > 0 else α(eˣ − 1) (default α = 1); d/dx = y + α for x ≤ 0. */
export function elu<S>(x: Tensor<S>, alpha = 1): Tensor<S> {
  checkTensor('elu', 'x', x);
  checkFinite('elu', 'alpha', alpha);
  return unary('elu', x, { alpha }, (dy, y) => where(gt(x, 0), dy, mul(dy, add(y, alpha))));
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

/**
 * GELU. `approximate: 'none'` (default) is x·Φ(x) with the erf form of Φ; `'tanh'` is
 * 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). Both as PyTorch's F.gelu.
 */
export function gelu<S>(x: Tensor<S>, approximate: 'none' | 'tanh' = 'none'): Tensor<S> {
  checkTensor('gelu', 'x', x);
  if (approximate === 'tanh') {
    return unary('geluTanh', x, undefined, (dy) => {
      // d/dx = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3c·x²), t = tanh(√(2/π)(x + c·x³))
      const x2 = mul(x, x);
      const t = tanh(mul(add(x, mul(mul(x2, x), GELU_C)), SQRT_2_OVER_PI));
      const inner = mul(add(mul(x2, 3 * GELU_C), 1), SQRT_2_OVER_PI);
      return mul(dy, add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, mul(t, t))), inner)));
    }, 'gelu');
  }
  if (approximate !== 'none') throw new DescentError('value', `gelu: approximate must be 'none' or 'tanh', got ${String(approximate)}`);
  return unary('gelu', x, undefined, (dy) => mul(dy, geluDerivative(x)));
}

/** Φ(x) + xφ(x) as an op of its own (fused kernel), whose derivative φ(x)(2 − x²) is composed. */
function geluDerivative<S>(x: Tensor<S>): Tensor<S> {
  const be = x.backend;
  const ones = be.full(x.size, 1);
  const xs = x.storageFor('gelu');
  const y = be.unary('gelu', xs);
  const data = be.unaryBackward('gelu', xs, y, ones);
  be.free(ones);
  be.free(y);
  return record('geluDerivative', [x], data, x.shape, (dy) => {
    const x2 = mul(x, x);
    const phi = mul(exp(mul(x2, -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [mul(dy, mul(phi, sub(2, x2)))];
  }, [x]);
}

/** (1/β)·ln(1 + e^(βx)), exactly x where βx > threshold (defaults β = 1, threshold = 20). */
export function softplus<S>(x: Tensor<S>, beta = 1, threshold = 20): Tensor<S> {
  checkTensor('softplus', 'x', x);
  checkFinite('softplus', 'beta', beta);
  checkFinite('softplus', 'threshold', threshold);
  return unary('softplus', x, { beta, threshold }, (dy) => {
    const bx = mul(x, beta);
    return where(gt(bx, threshold), dy, mul(dy, sigmoid(bx)));
  });
}

/** Clamp into [min, max] (either may be omitted); the gradient passes where min ≤ x ≤ max. */
export function clamp<S>(x: Tensor<S>, min?: number | null, max?: number | null): Tensor<S> {
  checkTensor('clamp', 'x', x);
  const params: UnaryParams = {};
  if (min !== undefined && min !== null) params.min = min;
  if (max !== undefined && max !== null) params.max = max;
  if (params.min === undefined && params.max === undefined) throw new DescentError('value', 'clamp: at least one of min or max must be given');
  if (params.min !== undefined && Number.isNaN(params.min)) throw new DescentError('value', 'clamp: min is NaN');
  if (params.max !== undefined && Number.isNaN(params.max)) throw new DescentError('value', 'clamp: max is NaN');
  return unary('clamp', x, params, (dy) => {
    let m: Tensor<S> | null = null;
    if (params.min !== undefined) m = ge(x, params.min);
    if (params.max !== undefined) m = m ? mul(m, le(x, params.max)) : le(x, params.max);
    return mul(dy, m!);
  });
}

/** x^p for a number p; d/dx = p·x^(p−1). */
export function powScalar<S>(x: Tensor<S>, p: number): Tensor<S> {
  checkTensor('powScalar', 'x', x);
  checkFinite('pow', 'exponent', p);
  return unary('powScalar', x, { exponent: p }, (dy) => (p === 0 ? mul(dy, 0) : mul(dy, mul(powScalar(x, p - 1), p))), 'pow');
}
