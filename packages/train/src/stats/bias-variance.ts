import { DescentError } from '@descent/optim-wasm';
import { checkNumber } from '../data/check.js';
import { checkMembers } from './bootstrap.js';

/**
 * What `biasVariance` decomposes: B models' predictions at M test points, the noiseless target
 * there and the noise variance.
 */
export interface BiasVarianceInput {
  /** predictions[b][j]: the b-th of B fitted models evaluated at test point j (M points). */
  predictions: ArrayLike<ArrayLike<number>>;
  /** The noiseless target f(x_j) at each test point. */
  fTrue: ArrayLike<number>;
  /** σ², the variance of the label noise: the irreducible error. */
  noiseVariance: number;
}

/**
 * `biasVariance`'s decomposition: per test point (mean prediction, bias², variance, expected error
 * = bias² + variance + σ²) and their averages over the points; σ² is `noise`.
 */
export interface BiasVariance {
  meanPrediction: Float64Array;
  bias2: Float64Array;
  variance: Float64Array;
  noise: number;
  expectedError: Float64Array;
  avgBias2: number;
  avgVariance: number;
  avgExpectedError: number;
}

/**
 * The bias–variance decomposition of the expected squared error over B fits (f64):
 *   mean[j]     = (1/B) Σ_b P[b, j]
 *   bias2[j]    = (mean[j] − f(x_j))²
 *   variance[j] = (1/B) Σ_b (P[b, j] − mean[j])²   (population variance)
 *   expectedError[j] = bias2[j] + variance[j] + σ²
 * and the averages of bias2, variance and expectedError over the M points.
 */
export function biasVariance(input: BiasVarianceInput): BiasVariance {
  const op = 'biasVariance';
  const P = input.predictions;
  const m = checkMembers(op, P);
  const f = input.fTrue;
  if (f.length !== m) throw new DescentError('bad-shape', `${op}: fTrue has ${f.length} points, predictions have ${m}`);
  const noise = checkNumber(op, 'noiseVariance', input.noiseVariance, 0);
  const B = P.length;
  const meanPrediction = new Float64Array(m);
  const bias2 = new Float64Array(m);
  const variance = new Float64Array(m);
  const expectedError = new Float64Array(m);
  let sb = 0;
  let sv = 0;
  let se = 0;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let b = 0; b < B; b++) s += P[b]![j]!;
    const mean = s / B;
    let v = 0;
    for (let b = 0; b < B; b++) v += (P[b]![j]! - mean) ** 2;
    meanPrediction[j] = mean;
    bias2[j] = (mean - f[j]!) ** 2;
    variance[j] = v / B;
    expectedError[j] = bias2[j]! + variance[j]! + noise;
    sb += bias2[j]!;
    sv += variance[j]!;
    se += expectedError[j]!;
  }
  return { meanPrediction, bias2, variance, noise, expectedError, avgBias2: sb / m, avgVariance: sv / m, avgExpectedError: se / m };
}
