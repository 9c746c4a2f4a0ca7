import { DescentError } from '@descent/optim-wasm';
import { record } from '../engine.js';
import { add, mul, sub } from '../ops/arithmetic.js';
import { reshape } from '../ops/movement.js';
import { sum } from '../ops/reduce.js';
import { logSoftmax, softmax } from '../ops/softmax.js';
import { isGradEnabled } from '../grad-mode.js';
import { fmt, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { applyReduction, type Reduction } from './reduction.js';

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
    rows = hardTargetRows(x, target, n, c, eps);
  }
  if (single) rows = reshape(rows, []);
  return applyReduction(op, rows, options.reduction ?? 'mean');
}

/** Per-row losses [N] for class indices, through the fused softmax-cross-entropy kernel. */
function hardTargetRows<S>(x: Tensor<S>, target: ArrayLike<number>, n: number, c: number, eps: number): Tensor<S> {
  const op = 'crossEntropy';
  if (target.length !== n) throw new DescentError('shape', `${op}: ${target.length} targets for logits ${fmt(x.shape)} (expected ${n})`);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = target[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= c) throw new DescentError('value', `${op}: target ${v} at row ${i} is not a class index in [0, ${c})`);
    idx[i] = v;
  }
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
