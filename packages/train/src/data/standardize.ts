import { DescentError } from '@descent/optim-wasm';
import { checkIndices, checkInt } from './check.js';
import type { Dataset } from './dataset.js';

/** A fitted feature scaler: apply(x)[i, j] = (x[i, j] - mean[j]) / std[j]. */
export interface Standardizer {
  mean: Float32Array;
  std: Float32Array;
  /** Scale a row-major [m, features] array (returns a new array) or a Dataset (returns a copy). */
  apply(x: Float32Array): Float32Array;
  /**
   * Scale a Dataset's rows (returns a copy); a DescentError ('bad-shape') when its features differ
   * from the fitted ones.
   */
  apply(x: Dataset): Dataset;
}

/**
 * Fit per-feature standardisation on the TRAINING rows only (as scikit-learn's StandardScaler):
 * mean[j] = (1/n) Σ_i x[i, j], std[j] = sqrt((1/n) Σ_i (x[i, j] - mean[j])²) (population, ddof 0),
 * and std[j] = 1 where it is 0 (a constant feature is centred, not divided by zero).
 * `rows` restricts the fit to those row indices (e.g. the train split); sums run in f64.
 *
 * @example const s = standardize(train); const xTest = s.apply(test.x);
 */
export function standardize(fitOn: Dataset | Float32Array, features?: number, rows?: ArrayLike<number>): Standardizer {
  const x = fitOn instanceof Float32Array ? fitOn : fitOn.x;
  const f = checkInt('standardize', 'features', features ?? (fitOn instanceof Float32Array ? undefined : fitOn.features), 1);
  if (x.length % f !== 0) throw new DescentError('bad-shape', `standardize: x has ${x.length} values, not a multiple of features = ${f}`);
  const n = x.length / f;
  if (rows) checkIndices('standardize', 'rows', rows, n);
  const m = rows ? rows.length : n;
  if (m === 0) throw new DescentError('bad-shape', 'standardize: no rows to fit on');
  const row = (r: number) => (rows ? rows[r]! : r) * f;
  const sum = new Float64Array(f);
  for (let r = 0; r < m; r++) for (let j = 0, o = row(r); j < f; j++) sum[j]! += x[o + j]!;
  const mean = new Float64Array(f);
  for (let j = 0; j < f; j++) mean[j] = sum[j]! / m;
  const sq = new Float64Array(f);
  for (let r = 0; r < m; r++) {
    for (let j = 0, o = row(r); j < f; j++) {
      const d = x[o + j]! - mean[j]!;
      sq[j]! += d * d;
    }
  }
  const std = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    const s = Math.sqrt(sq[j]! / m);
    std[j] = s > 0 ? s : 1;
  }
  const scale = (v: Float32Array): Float32Array => {
    if (v.length % f !== 0) throw new DescentError('bad-shape', `standardize.apply: x has ${v.length} values, not a multiple of features = ${f}`);
    const out = new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = (v[i]! - mean[i % f]!) / std[i % f]!;
    return out;
  };
  function apply(v: Float32Array): Float32Array;
  function apply(v: Dataset): Dataset;
  function apply(v: Float32Array | Dataset): Float32Array | Dataset {
    if (v instanceof Float32Array) return scale(v);
    if (v.features !== f) throw new DescentError('bad-shape', `standardize.apply: dataset '${v.name}' has ${v.features} features, fitted on ${f}`);
    return { ...v, x: scale(v.x) };
  }
  return { mean: Float32Array.from(mean), std: Float32Array.from(std), apply };
}
