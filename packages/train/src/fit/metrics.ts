import { DescentError } from '@descent/optim-wasm';

/**
 * Row-wise argmax of a row-major [n, classes] array (the first index wins ties, as torch.argmax
 * and numpy do).
 */
export function argmaxRows(scores: ArrayLike<number>, classes: number): Int32Array {
  if (!Number.isInteger(classes) || classes < 1 || scores.length % classes !== 0) {
    throw new DescentError('bad-shape', `argmaxRows: ${scores.length} scores do not form rows of ${classes} classes`);
  }
  const n = scores.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = argmaxAt(scores, i * classes, classes);
  return out;
}

/** Rows of a row-major [labels.length, classes] array whose argmax equals the label (no allocation). */
export function countArgmaxHits(scores: ArrayLike<number>, classes: number, labels: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (argmaxAt(scores, i * classes, classes) === labels[i]) hits++;
  return hits;
}

/** The argmax of scores[start .. start + classes) as an offset (first wins ties; NaN loses). */
function argmaxAt(scores: ArrayLike<number>, start: number, classes: number): number {
  let best = 0;
  let bestV = scores[start]!;
  for (let c = 1; c < classes; c++) {
    const v = scores[start + c]!;
    if (v > bestV || (Number.isNaN(bestV) && !Number.isNaN(v))) {
      best = c;
      bestV = v;
    }
  }
  return best;
}

function sameLength(op: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new DescentError('bad-shape', `${op}: ${a.length} predictions for ${b.length} labels`);
}

/** Accuracy = (1/n) Σᵢ [predᵢ = yᵢ] for predicted class indices. */
export function accuracy(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  sameLength('accuracy', pred, y);
  if (y.length === 0) throw new DescentError('bad-shape', 'accuracy: no labels');
  let hits = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) hits++;
  return hits / y.length;
}

/** Mean squared error (1/n) Σᵢ (predᵢ − yᵢ)², accumulated in f64. */
export function meanSquaredError(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  sameLength('meanSquaredError', pred, y);
  if (y.length === 0) throw new DescentError('bad-shape', 'meanSquaredError: no targets');
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i]! - y[i]!) ** 2;
  return s / y.length;
}

/**
 * Confusion matrix C (row-major [classes, classes]): C[t, p] = #{i : yᵢ = t, predᵢ = p}; rows
 * are true classes, columns predicted ones (scikit-learn's layout). The diagonal sum over n is
 * the accuracy.
 */
export function confusionMatrix(y: ArrayLike<number>, pred: ArrayLike<number>, classes: number): Int32Array {
  sameLength('confusionMatrix', pred, y);
  const m = new Int32Array(classes * classes);
  for (let i = 0; i < y.length; i++) {
    const t = y[i]!;
    const p = pred[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= classes || !Number.isInteger(p) || p < 0 || p >= classes) {
      throw new DescentError('bad-index', `confusionMatrix: row ${i} has label ${t} / prediction ${p} outside [0, ${classes})`);
    }
    m[t * classes + p]!++;
  }
  return m;
}

/**
 * Running sums for a loss averaged over rows: add(batchMean, rows) then mean() = Σ bᵢ·ℓᵢ / Σ bᵢ,
 * which equals the full-data mean loss when every batch loss is a mean over its rows.
 */
export class RunningMean {
  private sum = 0;
  private count = 0;

  /** Add a batch's mean `meanValue` over `weight` rows. */
  add(meanValue: number, weight: number): void {
    this.sum += meanValue * weight;
    this.count += weight;
  }

  get n(): number {
    return this.count;
  }

  /** Σ weightᵢ·meanᵢ / Σ weightᵢ, or NaN before the first add. */
  mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }
}
