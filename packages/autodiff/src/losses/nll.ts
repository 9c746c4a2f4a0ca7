import { DescentError } from '@descent/optim-wasm';
import { div, mul } from '../ops/arithmetic.js';
import { gather, reshape } from '../ops/movement.js';
import { sum } from '../ops/reduce.js';
import { fmt } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { Reduction } from './reduction.js';

/** Options of `nllLoss` (PyTorch's F.nll_loss). */
export interface NllLossOptions {
  /** 'mean' (default: weighted mean, Σ wₙℓₙ / Σ wₙ), 'sum', or 'none' (per-row losses). */
  reduction?: Reduction;
  /** Per-class weights [C] (default all 1). */
  weight?: ArrayLike<number>;
  /** Rows with this target contribute nothing, not even to the mean's denominator (default −100). */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood, PyTorch's F.nll_loss, for log-probabilities [N, C] (or [C]) and
 * class indices y: ℓₙ = −w_{yₙ} · input[n, yₙ] (0 for rows with yₙ = ignoreIndex), reduced by
 * 'mean' = Σ ℓₙ / Σ w_{yₙ} over kept rows, 'sum' or 'none'.
 * `nllLoss(logSoftmax(x, 1), y)` equals `crossEntropy(x, y)`.
 *
 * @example nllLoss(logSoftmax(logits, 1), [2, 0, 1])
 */
export function nllLoss<S>(input: Tensor<S>, target: ArrayLike<number>, options: NllLossOptions = {}): Tensor<S> {
  const op = 'nllLoss';
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new DescentError('value', `${op}: reduction must be 'mean', 'sum' or 'none', got ${String(reduction)}`);
  }
  if (input.rank !== 1 && input.rank !== 2) throw new DescentError('shape', `${op}: input must be [N, C] or [C], got ${fmt(input.shape)}`);
  const single = input.rank === 1;
  const x = single ? reshape(input, [1, input.shape[0]!]) : input;
  const [n, c] = x.shape as [number, number];
  if (target.length !== n) throw new DescentError('shape', `${op}: ${target.length} targets for input ${fmt(input.shape)} (expected ${n})`);
  const ignore = options.ignoreIndex ?? -100;
  const w = options.weight;
  if (w !== undefined) {
    if (w.length !== c) throw new DescentError('shape', `${op}: weight has ${w.length} entries for ${c} classes`);
    for (let k = 0; k < c; k++) if (!Number.isFinite(w[k]!)) throw new DescentError('value', `${op}: weight[${k}] = ${w[k]} is not finite`);
  }
  const idx = new Int32Array(n);
  const rowWeight = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = target[i]!;
    if (v === ignore) continue; // gathers column 0 with weight 0
    if (!Number.isInteger(v) || v < 0 || v >= c) throw new DescentError('value', `${op}: target ${v} at row ${i} is not a class index in [0, ${c}) nor ignoreIndex ${ignore}`);
    idx[i] = v;
    rowWeight[i] = w ? w[v]! : 1;
    total += rowWeight[i]!;
  }
  const picked = reshape(gather(x, 1, idx, [n, 1]), [n]);
  const wT = Tensor.fromStorage(x.backend, x.backend.fromArray(rowWeight.map((v) => -v)), [n]);
  let rows = mul(picked, wT);
  if (reduction === 'none') return single ? reshape(rows, []) : rows;
  const s = sum(rows);
  if (reduction === 'sum') return s;
  if (total === 0) throw new DescentError('value', `${op}: every target is ignored (or has weight 0), so the mean is undefined (PyTorch returns NaN)`);
  rows = div(s, total);
  return rows;
}
