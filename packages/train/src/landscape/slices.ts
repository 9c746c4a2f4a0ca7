import { DescentError } from '@descent/optim-wasm';
import type { Objective } from './objective.js';
import { checkVector, combine, linspace } from './vec.js';

/** A loss (and accuracy, for classifiers) measured at one point of a slice or path. */
export interface LandscapePoint {
  loss: number;
  accuracy?: number;
}

/**
 * Options of `lossSlice1d` and `lossSlice2d`. Errors: a DescentError ('bad-arg') for an empty or
 * non-finite range or points < 1.
 */
export interface SliceOptions {
  /** The centre θ (default `objective.theta()`). */
  theta?: ArrayLike<number>;
  /** Coefficient range (default [−1, 1]). */
  range?: [number, number];
  /** Points per axis, ends included (default 21). */
  points?: number;
  /** Also measure accuracy when the objective has it (default true). */
  accuracy?: boolean;
}

export function measure(objective: Objective, theta: Float64Array, withAccuracy: boolean): LandscapePoint {
  const loss = objective.value(theta);
  return withAccuracy && objective.accuracy ? { loss, accuracy: objective.accuracy(theta) } : { loss };
}

function setup(op: string, objective: Objective, o: SliceOptions) {
  const theta = o.theta === undefined ? objective.theta() : checkVector(op, 'theta', o.theta, objective.dim);
  const [lo, hi] = o.range ?? [-1, 1];
  if (!(hi >= lo)) throw new DescentError('bad-arg', `${op}: range [${lo}, ${hi}] is empty`);
  return { theta, coords: linspace(op, lo, hi, o.points ?? 21), acc: o.accuracy ?? true };
}

/**
 * The 1-D slice f(θ + α·d) for α on an even grid (Goodfellow et al. 2015; with a filter-normalised
 * d, Li et al. 2018). Along any line a quadratic is the parabola f(θ) + α∇fᵀd + ½α²dᵀHd.
 */
export function lossSlice1d(objective: Objective, direction: ArrayLike<number>, options: SliceOptions = {}): (LandscapePoint & { alpha: number })[] {
  const op = 'lossSlice1d';
  const d = checkVector(op, 'direction', direction, objective.dim);
  const { theta, coords, acc } = setup(op, objective, options);
  return Array.from(coords, (alpha) => ({ alpha, ...measure(objective, combine(theta, [[alpha, d]]), acc) }));
}

/**
 * The 2-D slice f(θ + α·d₁ + β·d₂) on a square grid: `loss[i][j]` at α = alphas[i], β = betas[j].
 */
export function lossSlice2d(
  objective: Objective,
  d1: ArrayLike<number>,
  d2: ArrayLike<number>,
  options: SliceOptions = {},
): { alphas: Float64Array; betas: Float64Array; loss: Float64Array[]; accuracy?: Float64Array[] } {
  const op = 'lossSlice2d';
  const a = checkVector(op, 'd1', d1, objective.dim);
  const b = checkVector(op, 'd2', d2, objective.dim);
  const { theta, coords, acc } = setup(op, objective, options);
  const withAcc = acc && objective.accuracy !== undefined;
  const loss: Float64Array[] = [];
  const accuracy: Float64Array[] = [];
  for (const alpha of coords) {
    const lrow = new Float64Array(coords.length);
    const arow = new Float64Array(coords.length);
    coords.forEach((beta, j) => {
      const p = measure(objective, combine(theta, [[alpha, a], [beta, b]]), withAcc);
      lrow[j] = p.loss;
      arow[j] = p.accuracy ?? NaN;
    });
    loss.push(lrow);
    accuracy.push(arow);
  }
  return withAcc ? { alphas: coords, betas: Float64Array.from(coords), loss, accuracy } : { alphas: coords, betas: Float64Array.from(coords), loss };
}
