import { DescentError } from '@descent/optim-wasm';
import { record } from '../engine.js';
import { add, div, mul, sub } from '../ops/arithmetic.js';
import { reshape } from '../ops/movement.js';
import { sum } from '../ops/reduce.js';
import { logSoftmax, softmax } from '../ops/softmax.js';
import { isGradEnabled } from '../grad-mode.js';
import { fmt, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { applyReduction, type Reduction } from './reduction.js';

/** Options of `crossEntropy` (PyTorch's F.cross_entropy). */
export interface CrossEntropyOptions {
  /** 'mean' over rows (default), 'sum', or 'none' (per-row losses). */
  reduction?: Reduction;
  /** ε ∈ [0, 1]: the target distribution becomes (1 − ε)·target + ε/C. Default 0. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy from logits, PyTorch's F.cross_entropy, for logits [N, C] (or [C]):
 * ℓₙ = −Σ_c qₙ,c · log softmax(xₙ)_c with q = (1 − ε)·onehot(yₙ) + ε/C for integer class
 * targets y (length N, in [0, C)), or q = (1 − ε)·p + ε/C for a soft-target tensor p [N, C]
 * (Mixup, distillation). Reduced by `reduction` (default 'mean' over N).
 * Integer targets run the fused kernel (softmax − q is the gradient); soft targets compose.
 *
 * @example crossEntropy(logits, [2, 0, 1], { labelSmoothing: 0.1 })
 */
export function crossEntropy<S>(logits: Tensor<S>, target: Tensor<S> | ArrayLike<number>, options: CrossEntropyOptions = {}): Tensor<S> {
  const op = 'crossEntropy';
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new DescentError('value', `${op}: labelSmoothing must be in [0, 1], got ${eps}`);
  if (logits.rank !== 1 && logits.rank !== 2) throw new DescentError('shape', `${op}: logits must be [N, C] or [C], got ${fmt(logits.shape)}`);
  const single = logits.rank === 1;
  const x = single ? reshape(logits, [1, logits.shape[0]!]) : logits;
  const [n, c] = x.shape as [number, number];
  let rows: Tensor<S>;
  if (target instanceof Tensor) {
    const p = single ? reshape(target, [1, c]) : target;
    if (!sameShape(p.shape, x.shape)) throw new DescentError('shape', `${op}: soft targets ${fmt(target.shape)} must match logits ${fmt(logits.shape)}`);
    const q = eps === 0 ? p : add(mul(p, 1 - eps), eps / c);
    rows = mul(sum(mul(q, logSoftmax(x, 1)), 1), -1);
  } else {
    const reduction = options.reduction ?? 'mean';
    if (reduction === 'mean' || reduction === 'sum') return hardTargetReduced(x, classIndices(target, n, c), c, eps, reduction);
    rows = hardTargetRows(x, target, n, c, eps);
  }
  if (single) rows = reshape(rows, []);
  return applyReduction(op, rows, options.reduction ?? 'mean');
}

/** Class targets as Int32Array, each checked to be an index in [0, c). */
function classIndices(target: ArrayLike<number>, n: number, c: number): Int32Array {
  const op = 'crossEntropy';
  if (target.length !== n) throw new DescentError('shape', `${op}: ${target.length} targets for logits [${n}, ${c}] (expected ${n})`);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = target[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= c) throw new DescentError('value', `${op}: target ${v} at row ${i} is not a class index in [0, ${c})`);
    idx[i] = v;
  }
  return idx;
}

/**
 * The mean (or sum) of the per-row losses as one op: the fused kernel gives the rows and
 * softmax − q; backward scales that gradient by dy/N (or dy) in one pass, instead of
 * broadcasting dy through the reduction and multiplying row by row. Same numbers as
 * `mean(hardTargetRows(…))`.
 */
function hardTargetReduced<S>(x: Tensor<S>, idx: Int32Array, c: number, eps: number, reduction: 'mean' | 'sum'): Tensor<S> {
  const op = 'crossEntropy';
  const n = idx.length;
  const be = x.backend;
  const { loss, grad } = be.softmaxCrossEntropy(x.storageFor(op), idx, n, c, eps);
  const value = be.reduce(reduction, loss, [n], n > 0 ? AXIS_0 : NO_AXES);
  be.free(loss);
  const out = record(op, [x], value, [], (dy) => {
    if (isGradEnabled()) {
      // differentiable form of the same gradient (second order)
      const q = add(mul(Tensor.fromStorage(be, be.oneHot(idx, c), [n, c]), 1 - eps), eps / c);
      return [mul(sub(softmax(x, 1), q), reduction === 'mean' ? div(dy, n) : dy)];
    }
    const scale = reduction === 'mean' ? dy.item() / n : dy.item(); // rounded to f32 by the f32 kernel
    return [Tensor.fromStorage(be, be.binaryScalar('mul', grad, scale), [n, c])];
  }, [x]);
  if (!out.requiresGrad) be.free(grad);
  return out;
}

const AXIS_0: readonly number[] = Object.freeze([0]);
const NO_AXES: readonly number[] = Object.freeze([]);

/** Per-row losses [N] for class indices, through the fused softmax-cross-entropy kernel. */
function hardTargetRows<S>(x: Tensor<S>, target: ArrayLike<number>, n: number, c: number, eps: number): Tensor<S> {
  const op = 'crossEntropy';
  const idx = classIndices(target, n, c);
  const be = x.backend;
  const { loss, grad } = be.softmaxCrossEntropy(x.storageFor(op), idx, n, c, eps);
  const out = record(op, [x], loss, [n], (dy) => {
    const dyCol = reshape(dy, [n, 1]);
    if (isGradEnabled()) {
      // the same gradient, softmax(x) − q, as differentiable ops (second order)
      const q = add(mul(Tensor.fromStorage(be, be.oneHot(idx, c), [n, c]), 1 - eps), eps / c);
      return [mul(sub(softmax(x, 1), q), dyCol)];
    }
    return [mul(Tensor.fromStorage(be, grad, [n, c]), dyCol)];
  }, [x]);
  if (!out.requiresGrad) be.free(grad);
  return out;
}
