import { record } from '../engine.js';
import { mul, sub } from '../ops/arithmetic.js';
import { neg, sigmoid } from '../ops/unary.js';
import { backendOf } from '../ops/util.js';
import type { Tensor } from '../tensor.js';
import { applyReduction, checkSameShape, type Reduction } from './reduction.js';

/**
 * Binary cross-entropy on logits, PyTorch's F.binary_cross_entropy_with_logits:
 * ℓᵢ = −[tᵢ·log σ(xᵢ) + (1 − tᵢ)·log(1 − σ(xᵢ))], computed stably as
 * max(x, 0) − x·t + log(1 + e^(−|x|)); `reduction` default 'mean'. Targets are probabilities
 * in [0, 1]. ∂ℓ/∂x = σ(x) − t (exact at x = 0, hence a hand-written backward), ∂ℓ/∂t = −x.
 */
export function binaryCrossEntropyWithLogits<S>(input: Tensor<S>, target: Tensor<S>, { reduction = 'mean' }: { reduction?: Reduction } = {}): Tensor<S> {
  const op = 'binaryCrossEntropyWithLogits';
  checkSameShape(op, input, target);
  const be = backendOf(op, input, target);
  const x = input.storageFor(op);
  const t = target.storageFor(op);
  const r = be.unary('relu', x);
  const xt = be.binary('mul', x, input.shape, t, target.shape);
  const a = be.unary('abs', x);
  const na = be.unary('neg', a);
  const sp = be.unary('softplus', na);
  const d = be.binary('sub', r, input.shape, xt, input.shape);
  const data = be.binary('add', d, input.shape, sp, input.shape);
  for (const s of [r, xt, a, na, sp, d]) be.free(s);
  const loss = record(op, [input, target], data, input.shape, (dy) => [
    input.requiresGrad ? mul(dy, sub(sigmoid(input), target)) : null,
    target.requiresGrad ? mul(dy, neg(input)) : null,
  ], [input, target]);
  return applyReduction(op, loss, reduction);
}
