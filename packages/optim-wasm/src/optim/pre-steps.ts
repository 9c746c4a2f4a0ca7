import { DescentError } from '../errors.js';
import { parallelExports } from '../kernels/parallel.js';
import type { Rng } from '../rng/index.js';
import type { CoreExports } from '../core/exports.js';
import type { ParamArena } from './param-arena.js';
import { flag, oneOf } from './validate.js';
import { portablePow } from '../math/portable.js';

// Cheap passes over `arena.grads` that compose in front of the one fused optimizer update:
//   clipGradNorm(arena, 1); gradientNoise(arena, { eta: 0.01, step: state.step }, rng); opt.step(arena, state);

/** Options of `clipGradNorm`: non-finite norms, and the PyTorch or Keras form. */
export interface ClipGradNormOptions {
  /** Throw when the total norm is inf or NaN (PyTorch `error_if_nonfinite`), default false. */
  errorIfNonfinite?: boolean;
  /**
   * 'pytorch' (default, `clip_grad_norm_`): scale by `maxNorm / (norm + 1e-6)` when that is
   * below 1. 'keras': scale by `maxNorm / max(norm, maxNorm)` (Keras's `clipnorm` and
   * `global_clipnorm`); a non-finite global norm makes every gradient NaN, as in Keras.
   */
  form?: 'pytorch' | 'keras';
  /**
   * Clip each parameter's gradient by its own norm (Keras's `clipnorm`, per variable) instead
   * of all gradients by their global norm (PyTorch, Keras's `global_clipnorm`). Default false.
   */
  perParameter?: boolean;
}

/**
 * Clip the gradient norm. By default PyTorch's `clip_grad_norm_`: with
 * `total = (Σ_i |g_i|^p)^(1/p)` over every gradient in the arena (p = ∞: max |g_i|),
 * scale all gradients by `maxNorm / (total + 1e-6)` when that factor is below 1.
 * `form: 'keras'` scales by `maxNorm / max(total, maxNorm)` instead (Keras `global_clipnorm`);
 * with `perParameter: true` each parameter is scaled by its own norm (Keras `clipnorm`:
 * `g·maxNorm / max(‖g‖, maxNorm)` per variable). Norms are accumulated in f64.
 * Returns the total norm of all gradients before clipping.
 *
 * ```ts
 * const norm = clipGradNorm(arena, 1.0);
 * clipGradNorm(arena, 1.0, 2, { form: 'keras', perParameter: true }); // Keras clipnorm=1
 * ```
 */
export function clipGradNorm(arena: ParamArena, maxNorm: number, normType: number = 2, options: ClipGradNormOptions = {}): number {
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0) || !Number.isFinite(maxNorm)) {
    throw new DescentError('optim-hyperparam', `clipGradNorm: maxNorm must be a finite number >= 0, got ${maxNorm}`);
  }
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new DescentError('optim-hyperparam', `clipGradNorm: normType must be > 0 (or Infinity), got ${normType}`);
  }
  const { form = 'pytorch', perParameter = false } = options;
  oneOf('clipGradNorm', 'form', form, ['pytorch', 'keras'] as const);
  flag('clipGradNorm', 'perParameter', perParameter);
  if (form === 'keras' && maxNorm === 0) {
    throw new DescentError('optim-hyperparam', "clipGradNorm: maxNorm must be > 0 with form 'keras' (Keras treats 0 as no clipping: skip the call), got 0");
  }
  const g = arena.grads;
  g.assertAlive('clipGradNorm');
  const ex = parallelExports(arena.core);
  const ranges = perParameter ? arena.params.filter((p) => p.length > 0) : [{ offset: 0, length: g.length }];
  const norms = ranges.map((r) => normOf(ex, g.ptr + r.offset * 4, r.length, normType));
  const total = perParameter ? combine(norms, normType) : norms[0]!;
  if (!Number.isFinite(total) && options.errorIfNonfinite) {
    throw new DescentError('non-finite', `clipGradNorm: the total norm of order ${normType} of the gradients is ${total}`);
  }
  ranges.forEach((r, i) => {
    const norm = norms[i]!;
    const coef = form === 'pytorch' ? maxNorm / (norm + 1e-6) : keepsNaN(norm, perParameter, maxNorm / Math.max(norm, maxNorm));
    if (coef < 1 || Number.isNaN(coef)) ex.scaleInPlace(g.ptr + r.offset * 4, r.length, coef);
  });
  return total;
}

/** The norm of order p of `n` f32 values at `ptr` (f64 accumulation). */
function normOf(ex: CoreExports, ptr: number, n: number, p: number): number {
  if (p === Infinity) return ex.maxAbs(ptr, n);
  if (p === 2) return Math.sqrt(ex.sumOfSquares(ptr, n));
  if (p === 1) return ex.sumAbs(ptr, n);
  return portablePow(ex.sumPowAbs(ptr, n, p), 1 / p);
}

/** The norm of order p of all parameters from their own norms. */
function combine(norms: number[], p: number): number {
  if (p === Infinity) return norms.reduce((a, b) => Math.max(a, b), 0);
  return portablePow(norms.reduce((a, b) => a + portablePow(b, p), 0), 1 / p);
}

/**
 * Keras's global_clipnorm turns an inf norm into a NaN scale (`+ (norm − norm)`); its
 * per-variable clipnorm divides by max(inf, c), which zeroes the finite gradients.
 */
function keepsNaN(norm: number, perParameter: boolean, coef: number): number {
  return perParameter || Number.isFinite(norm) ? coef : NaN;
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
    sigma = Math.sqrt(eta / portablePow(1 + step, gamma));
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
