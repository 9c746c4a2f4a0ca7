import { DescentError } from '@descent/optim-wasm';
import { rowCount, type Learner, type Predictor, type TrainRows } from './learner.js';

/** A one-split tree: x[feature] <= threshold → left, else right. */
export interface Stump {
  feature: number;
  threshold: number;
  /** Classification: leaf classes; regression: leaf values. */
  left: number;
  right: number;
  /** The weighted training error (classification) or weighted SSE (regression) of the split. */
  loss: number;
}

function weightsOf(rows: TrainRows): Float64Array {
  const w = rows.weights ?? new Float64Array(rows.n).fill(1);
  if (w.length !== rows.n) throw new DescentError('bad-shape', `stump: ${w.length} weights for ${rows.n} rows`);
  return w;
}

/** Row order of each feature's values, ascending (stable, so ties keep row order). */
function sortedBy(rows: TrainRows, j: number): Int32Array {
  const idx = Int32Array.from({ length: rows.n }, (_, i) => i);
  const f = rows.features;
  return idx.sort((a, b) => rows.x[a * f + j]! - rows.x[b * f + j]! || a - b);
}

/**
 * Scan every feature and every threshold between consecutive distinct values (midpoints, as
 * scikit-learn), score each split with `score(leftIndices…)` swept incrementally, keep the
 * lowest (the first in feature-then-threshold order on ties, within 1e-12 of `scale` so that
 * rounding in the running sums cannot reorder equal splits). All-equal features give no split;
 * then the stump is a constant (threshold +∞).
 */
function bestSplit(rows: TrainRows, scale: number, init: () => { add(i: number): void; score(): [number, number, number] }): Stump {
  const f = rows.features;
  let best: Stump | undefined;
  for (let j = 0; j < f; j++) {
    const order = sortedBy(rows, j);
    const sweep = init();
    for (let k = 0; k < rows.n - 1; k++) {
      sweep.add(order[k]!);
      const a = rows.x[order[k]! * f + j]!;
      const b = rows.x[order[k + 1]! * f + j]!;
      if (a === b) continue;
      const [loss, left, right] = sweep.score();
      if (!best || loss < best.loss - 1e-12 * scale) best = { feature: j, threshold: a + (b - a) / 2, left, right, loss };
    }
  }
  if (best) return best;
  const all = init();
  for (let i = 0; i < rows.n; i++) all.add(i);
  const [, , right] = all.score();
  return { feature: 0, threshold: Infinity, left: right, right, loss: NaN };
}

function stumpPredictor(s: Stump, features: number, classes: number | undefined): Predictor & { stump: Stump } {
  return {
    stump: s,
    predict(x) {
      const m = rowCount('stump.predict', x, features);
      const out = new Float64Array(classes === undefined ? m : m * classes);
      for (let i = 0; i < m; i++) {
        const v = x[i * features + s.feature]! <= s.threshold ? s.left : s.right;
        if (classes === undefined) out[i] = v;
        else out[i * classes + v] = 1;
      }
      return out;
    },
  };
}

/**
 * Decision stump for classification minimising the weighted error
 * Σᵢ wᵢ [ŷ(xᵢ) ≠ yᵢ], each leaf predicting its weighted-majority class (the lowest class on
 * ties). Predictions are one-hot rows [m, classes]. The weak learner of AdaBoost.
 */
export function classificationStump(): Learner {
  return (rows) => {
    const k = rows.classes;
    if (k === undefined || !(rows.y instanceof Int32Array)) throw new DescentError('bad-arg', 'classificationStump: needs class labels (Int32Array y) and classes');
    const w = weightsOf(rows);
    const y = rows.y;
    const total = new Float64Array(k);
    for (let i = 0; i < rows.n; i++) total[y[i]!]! += w[i]!;
    const sumAll = total.reduce((a, b) => a + b, 0);
    const leaf = (c: Float64Array): [number, number] => {
      let best = 0;
      let sum = 0;
      for (let q = 0; q < k; q++) {
        sum += c[q]!;
        if (c[q]! > c[best]!) best = q;
      }
      return [best, sum - c[best]!];
    };
    const s = bestSplit(rows, sumAll, () => {
      const left = new Float64Array(k);
      const right = new Float64Array(k);
      return {
        add: (i) => void (left[y[i]!]! += w[i]!),
        score: () => {
          for (let q = 0; q < k; q++) right[q] = total[q]! - left[q]!;
          const [lc, le] = leaf(left);
          const [rc, re] = leaf(right);
          return [le + re, lc, rc];
        },
      };
    });
    if (!Number.isFinite(s.loss)) s.loss = sumAll - Math.max(...total);
    return stumpPredictor(s, rows.features, k);
  };
}

/**
 * Decision stump for regression minimising the weighted squared error
 * Σᵢ wᵢ (yᵢ − ŷ(xᵢ))², each leaf predicting its weighted mean. The weak learner of gradient
 * boosting (fitted to the residuals).
 */
export function regressionStump(): Learner {
  return (rows) => {
    if (rows.classes !== undefined) throw new DescentError('bad-arg', 'regressionStump: got classification rows (classes set)');
    const w = weightsOf(rows);
    const y = rows.y;
    let tw = 0;
    let ty = 0;
    let ty2 = 0;
    for (let i = 0; i < rows.n; i++) {
      tw += w[i]!;
      ty += w[i]! * y[i]!;
      ty2 += w[i]! * y[i]! * y[i]!;
    }
    const sse = (sw: number, sy: number, sy2: number) => (sw > 0 ? sy2 - (sy * sy) / sw : 0);
    const s = bestSplit(rows, Math.max(ty2, 1e-300), () => {
      let lw = 0;
      let ly = 0;
      let ly2 = 0;
      return {
        add: (i) => {
          lw += w[i]!;
          ly += w[i]! * y[i]!;
          ly2 += w[i]! * y[i]! * y[i]!;
        },
        score: () => [
          sse(lw, ly, ly2) + sse(tw - lw, ty - ly, ty2 - ly2),
          lw > 0 ? ly / lw : 0,
          tw - lw > 0 ? (ty - ly) / (tw - lw) : 0,
        ],
      };
    });
    if (!Number.isFinite(s.loss)) s.loss = sse(tw, ty, ty2);
    return stumpPredictor(s, rows.features, undefined);
  };
}
