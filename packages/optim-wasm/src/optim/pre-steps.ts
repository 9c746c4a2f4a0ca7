import { DescentError } from '../errors.js';
import { parallelExports } from '../kernels/parallel.js';
import type { Rng } from '../rng/index.js';
import type { ParamArena } from './param-arena.js';

// Cheap passes over `arena.grads` that compose in front of the one fused optimizer update:
//   clipGradNorm(arena, 1); gradientNoise(arena, { eta: 0.01, step: state.step }, rng); opt.step(arena, state);

export interface ClipGradNormOptions {
  /** Throw when the total norm is inf or NaN (PyTorch `error_if_nonfinite`), default false. */
  errorIfNonfinite?: boolean;
}

/**
 * Clip the global gradient norm (PyTorch `clip_grad_norm_`): with
 * `total = (Σ_i |g_i|^p)^(1/p)` over every gradient in the arena (p = ∞: max |g_i|),
 * scale all gradients by `maxNorm / (total + 1e-6)` when that factor is below 1.
 * The norm is accumulated in f64. Returns the total norm before clipping.
 *
 * ```ts
 * const norm = clipGradNorm(arena, 1.0);
 * ```
 */
export function clipGradNorm(arena: ParamArena, maxNorm: number, normType: number = 2, options: ClipGradNormOptions = {}): number {
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0) || !Number.isFinite(maxNorm)) {
    throw new DescentError('optim-hyperparam', `clipGradNorm: maxNorm must be a finite number >= 0, got ${maxNorm}`);
  }
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new DescentError('optim-hyperparam', `clipGradNorm: normType must be > 0 (or Infinity), got ${normType}`);
  }
  const g = arena.grads;
  g.assertAlive('clipGradNorm');
  const ex = parallelExports(arena.core);
  let total: number;
  if (normType === Infinity) total = ex.maxAbs(g.ptr, g.length);
  else if (normType === 2) total = Math.sqrt(ex.sumOfSquares(g.ptr, g.length));
  else if (normType === 1) total = ex.sumAbs(g.ptr, g.length);
  else total = ex.sumPowAbs(g.ptr, g.length, normType) ** (1 / normType);
  if (!Number.isFinite(total) && options.errorIfNonfinite) {
    throw new DescentError('non-finite', `clipGradNorm: the total norm of order ${normType} of the gradients is ${total}`);
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1 || Number.isNaN(coef)) ex.scaleInPlace(g.ptr, g.length, coef);
  return total;
}

/**
 * Clamp every gradient to [−clipValue, clipValue] (PyTorch `clip_grad_value_`).
 *
 * ```ts
 * clipGradValue(arena, 0.5);
 * ```
 */
export function clipGradValue(arena: ParamArena, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0) || !Number.isFinite(clipValue)) {
    throw new DescentError('optim-hyperparam', `clipGradValue: clipValue must be a finite number >= 0, got ${clipValue}`);
  }
  arena.grads.assertAlive('clipGradValue');
  parallelExports(arena.core).clipInPlace(arena.grads.ptr, arena.grads.length, -clipValue, clipValue);
}

/** Either a fixed `std`, or the annealed schedule of Neelakantan et al. 2015 with `eta`, `gamma`, `step`. */
export type GradientNoiseOptions = { std: number } | { eta: number; gamma?: number; step: number };

/**
 * Add Gaussian noise to every gradient: `g += N(0, σ²)` with σ = `std`, or
 * σ² = eta / (1 + t)^gamma (Neelakantan et al., "Adding gradient noise improves learning for
 * very deep networks", 2015; gamma defaults to 0.55, t = `step`). Draws come from the seeded `rng`.
 * Returns σ.
 *
 * ```ts
 * gradientNoise(arena, { eta: 0.01, step: state.step }, rng);
 * ```
 */
export function gradientNoise(arena: ParamArena, options: GradientNoiseOptions, rng: Rng): number {
  let sigma: number;
  if ('std' in options) {
    sigma = options.std;
    if (typeof sigma !== 'number' || !(sigma >= 0) || !Number.isFinite(sigma)) {
      throw new DescentError('optim-hyperparam', `gradientNoise: std must be a finite number >= 0, got ${sigma}`);
    }
  } else {
    const { eta, gamma = 0.55, step } = options;
    for (const [k, v] of [['eta', eta], ['gamma', gamma], ['step', step]] as const) {
      if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
        throw new DescentError('optim-hyperparam', `gradientNoise: ${k} must be a finite number >= 0, got ${v}`);
      }
    }
    sigma = Math.sqrt(eta / (1 + step) ** gamma);
  }
  const g = arena.grads;
  g.assertAlive('gradientNoise');
  if (sigma === 0 || g.length === 0) return sigma;
  const core = arena.core;
  const noise = core.allocUninit(g.length, 'gradientNoise');
  try {
    rng.fillNormal(noise, 0, sigma);
    parallelExports(core).addScaledInPlace(g.ptr, noise.ptr, g.length, 1);
  } finally {
    noise.free();
  }
  return sigma;
}
