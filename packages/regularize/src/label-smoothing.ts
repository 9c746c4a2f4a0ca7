import type { Tensor } from '@descent/autodiff';
import { checkRange, classIndices, type ArrayBatch } from './batch.js';

/**
 * Smoothed one-hot targets (timm's `one_hot(target, num_classes, on, off)`):
 * y[n, k] = (1 − ε)·[k = targetₙ] + ε/K, i.e. off = ε/K and on = 1 − ε + ε/K. Cross-entropy
 * against these soft targets equals `F.cross_entropy(label_smoothing=ε)`. ε ∈ [0, 1].
 * Returns an f64 `{ data, shape: [N, K] }`; pass it to `tensor(y.data, { shape: y.shape })`.
 *
 * @example smoothOneHot([1, 0], 3, 0.1).data // [0.0333, 0.9333, 0.0333, 0.9333, 0.0333, 0.0333]
 */
export function smoothOneHot(target: ArrayLike<number> | Tensor, numClasses: number, smoothing = 0): ArrayBatch & { data: Float64Array } {
  const op = 'smoothOneHot';
  checkRange(op, 'smoothing ε', smoothing, 0, 1);
  const idx = classIndices(op, target, numClasses);
  const off = smoothing / numClasses;
  const on = 1 - smoothing + off;
  const data = new Float64Array(idx.length * numClasses).fill(off);
  for (let n = 0; n < idx.length; n++) data[n * numClasses + idx[n]!] = on;
  return { data, shape: [idx.length, numClasses] };
}

/**
 * Mixed soft targets λ·Y + (1 − λ)·Y[perm], Y the smoothed one-hot (timm `mixup_target`).
 * `perm` is the partner of each sample (reversedPermutation(N) for timm's `flip(0)`).
 *
 * @example mixTargets([0, 1], 2, 0.7, [1, 0]).data // [0.7, 0.3, 0.3, 0.7]
 */
export function mixTargets(target: ArrayLike<number> | Tensor, numClasses: number, lam: number, perm: ArrayLike<number>, smoothing = 0): ArrayBatch & { data: Float64Array } {
  const y = smoothOneHot(target, numClasses, smoothing);
  const n = y.shape[0]!;
  const out = new Float64Array(y.data.length);
  for (let i = 0; i < n; i++) {
    const j = perm[i]!;
    for (let k = 0; k < numClasses; k++) out[i * numClasses + k] = lam * y.data[i * numClasses + k]! + (1 - lam) * y.data[j * numClasses + k]!;
  }
  return { data: out, shape: y.shape };
}
