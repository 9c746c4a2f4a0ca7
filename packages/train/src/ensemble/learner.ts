import { DescentError, portableExp, type Rng } from '@descent/optim-wasm';
import { takeLabels, takeRows } from '../data/loader.js';
import { fit } from '../fit/fit.js';
import { predict } from '../fit/evaluate.js';
import type { FitData, Model } from '../fit/model.js';
import type { FitOptions } from '../fit/types.js';

/**
 * Training rows for a weak learner. Classification: `y` class indices and `classes`;
 * regression: float targets. `weights` (non-negative, any sum) are AdaBoost's sample weights.
 */
export interface TrainRows {
  x: Float32Array;
  y: Int32Array | Float32Array | Float64Array;
  n: number;
  features: number;
  classes?: number;
  weights?: Float64Array;
}

/**
 * A fitted ensemble member. Classification: `predict` gives class probabilities, row-major
 * [m, classes] (a stump gives the one-hot of its leaf's class); regression: one value per row.
 */
export interface Predictor {
  /**
   * Outputs for the rows of `x` (row-major [m, features]): probabilities [m, classes] or values
   * [m].
   */
  predict(x: Float32Array): Float64Array;
}

/** Fits one member on rows; draws any randomness it needs from `rng`. */
export type Learner = (rows: TrainRows, rng: Rng) => Predictor;

/** Rows of `x` as a count, checked against `features`. */
export function rowCount(op: string, x: Float32Array, features: number): number {
  const m = x.length / features;
  if (!Number.isInteger(m)) throw new DescentError('bad-shape', `${op}: x has ${x.length} values, not a whole number of rows of ${features} features`);
  return m;
}

/**
 * n row indices drawn with replacement with probability wᵢ / Σw ("boosting by resampling",
 * for learners that cannot take sample weights): inverse-CDF of uniform draws.
 */
export function weightedResample(weights: Float64Array, rng: Rng, k = weights.length): Int32Array {
  const n = weights.length;
  const cdf = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new DescentError('bad-arg', `weightedResample: weights[${i}] = ${w} is not a finite number >= 0`);
    cdf[i] = s += w;
  }
  if (!(s > 0)) throw new DescentError('bad-arg', 'weightedResample: the weights sum to 0');
  const out = new Int32Array(k);
  for (let j = 0; j < k; j++) {
    const u = rng.uniform53() * s;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    out[j] = lo;
  }
  return out;
}

/** How `networkLearner` builds and trains each member. */
export interface NetworkLearnerOptions {
  /** A fresh model for each member, initialised from `rng`. */
  build: (rng: Rng) => Model;
  /** fit options for each member (the seed is drawn per member). */
  fit: Omit<FitOptions, 'seed' | 'validation' | 'optimizerState' | 'initialEpoch' | 'history'>;
}

/**
 * A small network as a weak learner: each member is built and trained with `fit` on its rows.
 * Sample weights are honoured by resampling the rows ∝ weights. Classification members output
 * softmax probabilities, regression members their single output.
 */
export function networkLearner(options: NetworkLearnerOptions): Learner {
  return (rows, rng) =>
    trainMember(rows, rng, (data) => {
      const model = options.build(rng.fork('init'));
      fit(model, data, { ...options.fit, seed: rng.fork('fit').int(0, 2 ** 31) });
      return model;
    });
}

/**
 * The one network member of bagging and boosting: the rows (resampled ∝ AdaBoost's sample weights
 * from `rng.fork('resample')` when weighted) are handed to `train`, and the trained model predicts
 * softmax probabilities (classification: `rows.classes` outputs) or its single value (regression).
 */
export function trainMember(rows: TrainRows, rng: Rng, train: (data: FitData) => Model): Predictor {
  const classes = rows.classes;
  let { x, y } = rows;
  if (rows.weights) {
    const idx = weightedResample(rows.weights, rng.fork('resample'));
    x = takeRows(x, rows.features, idx);
    y = y instanceof Float64Array ? Float64Array.from(idx, (i) => y[i]!) : takeLabels(y, idx);
  }
  const target = classes === undefined ? (y instanceof Float32Array ? y : Float32Array.from(y)) : (y as Int32Array);
  const model = train({ x, y: target, n: target.length, features: rows.features });
  return {
    predict(q) {
      const { outputs, width } = predict(model, q, rows.features, { batchSize: 512 });
      if (classes === undefined) {
        if (width !== 1) throw new DescentError('bad-model', `networkLearner: a regression member must have 1 output, got ${width}`);
        return Float64Array.from(outputs);
      }
      if (width !== classes) throw new DescentError('bad-model', `networkLearner: a classifier must output ${classes} scores, got ${width}`);
      return softmaxRows(outputs, classes);
    },
  };
}

/** Row-wise softmax in f64: pᵢc = exp(sᵢc − maxᵢ) / Σ_c' exp(sᵢc' − maxᵢ). */
export function softmaxRows(scores: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i += classes) {
    let mx = -Infinity;
    for (let c = 0; c < classes; c++) mx = Math.max(mx, scores[i + c]!);
    let z = 0;
    for (let c = 0; c < classes; c++) z += out[i + c] = portableExp(scores[i + c]! - mx);
    for (let c = 0; c < classes; c++) out[i + c]! /= z;
  }
  return out;
}

/** Row-wise argmax of [m, classes] scores (first index wins ties). */
export function argmaxF64(scores: Float64Array, classes: number): Int32Array {
  const m = scores.length / classes;
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[i * classes + c]! > scores[i * classes + best]!) best = c;
    out[i] = best;
  }
  return out;
}
