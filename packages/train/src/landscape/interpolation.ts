import type { Objective } from './objective.js';
import { measure, type LandscapePoint } from './slices.js';
import { checkVector, linspace } from './vec.js';

/**
 * Options of `linearInterpolation`. Errors: a DescentError ('bad-arg') for a range that is not
 * finite or points < 1.
 */
export interface InterpolationOptions {
  /** α range (default [0, 1]; e.g. [−0.5, 1.5] to look past both ends). */
  range?: [number, number];
  /** Points, ends included (default 21). */
  points?: number;
  /** Also measure accuracy when the objective has it (default true). */
  accuracy?: boolean;
}

/**
 * The 1-D linear interpolation between two solutions (Goodfellow et al. 2015; Keskar et al. 2017,
 * fig. 3): θ(α) = (1 − α)θ₁ + αθ₂, the loss (and accuracy) at each α. α = 0 gives θ₁, α = 1 θ₂.
 * Call it with a training-set and a test-set objective to get both curves.
 */
export function linearInterpolation(
  objective: Objective,
  theta1: ArrayLike<number>,
  theta2: ArrayLike<number>,
  options: InterpolationOptions = {},
): (LandscapePoint & { alpha: number })[] {
  const op = 'linearInterpolation';
  const a = checkVector(op, 'theta1', theta1, objective.dim);
  const b = checkVector(op, 'theta2', theta2, objective.dim);
  const [lo, hi] = options.range ?? [0, 1];
  const alphas = linspace(op, lo, hi, options.points ?? 21);
  return Array.from(alphas, (alpha) => {
    const t = a.map((ai, i) => (1 - alpha) * ai + alpha * b[i]!);
    return { alpha, ...measure(objective, t, options.accuracy ?? true) };
  });
}
