import { DescentError } from '@descent/optim-wasm';
import { resolveRng, type RngOrSeed } from '../data/random.js';
import type { Objective } from './objective.js';
import { checkVector, dot, norm2 } from './vec.js';

/**
 * Options of `hessianTopEigenvalue`. Errors: a DescentError ('bad-arg') when iterations < 1, tol <
 * 0 or fdStep ≤ 0.
 */
export interface HessianEigenOptions {
  /** The starting vector's generator (required: no ambient randomness). */
  rng: RngOrSeed;
  /** Maximum power iterations (default 20). */
  iterations?: number;
  /** Stop when |λₖ − λₖ₋₁| ≤ tol·|λₖ| (default 1e-3). */
  tol?: number;
  /** Where to measure (default `objective.theta()`). */
  theta?: ArrayLike<number>;
  /** Step h of the finite-difference fallback Hv ≈ (∇f(θ + hv) − ∇f(θ − hv)) / 2h, ‖v‖ = 1 (default 1e-3). */
  fdStep?: number;
}

/**
 * What `hessianTopEigenvalue` returns: λmax's estimate, its eigenvector, and how the power
 * iteration went.
 */
export interface HessianEigenResult {
  /** λ, the Rayleigh quotient vᵀHv at the last iterate. */
  eigenvalue: number;
  /** The unit eigenvector estimate v. */
  eigenvector: Float64Array;
  iterations: number;
  converged: boolean;
  /** 'hvp' (exact products, double backward) or 'finite-differences' (of gradients, f64). */
  method: 'hvp' | 'finite-differences';
  /** λ after each iteration. */
  history: number[];
}

/**
 * The Hessian's dominant eigenvalue by power iteration: v₀ ~ N(0, I)/‖·‖, wₖ = H vₖ,
 * λₖ = vₖᵀwₖ, vₖ₊₁ = wₖ/‖wₖ‖. It converges to the eigenvalue of largest magnitude (the top one
 * near a minimum, where H is close to positive semi-definite) at the rate |λ₂/λ₁|ᵏ.
 * Uses the objective's exact `hvp` when it has one, else central differences of gradients.
 */
export function hessianTopEigenvalue(objective: Objective, options: HessianEigenOptions): HessianEigenResult {
  const op = 'hessianTopEigenvalue';
  const iterations = options.iterations ?? 20;
  if (!Number.isInteger(iterations) || iterations < 1) throw new DescentError('bad-arg', `${op}: 'iterations' must be an integer >= 1, got ${iterations}`);
  const tol = options.tol ?? 1e-3;
  if (!(tol >= 0)) throw new DescentError('bad-arg', `${op}: 'tol' must be a number >= 0, got ${tol}`);
  const h = options.fdStep ?? 1e-3;
  if (!(h > 0) || !Number.isFinite(h)) throw new DescentError('bad-arg', `${op}: 'fdStep' must be a finite number > 0, got ${h}`);
  const n = objective.dim;
  const theta = options.theta === undefined ? objective.theta() : checkVector(op, 'theta', options.theta, n);
  const rng = resolveRng(options.rng, op);
  const method = objective.hvp ? 'hvp' : 'finite-differences';
  const hv = (v: Float64Array): Float64Array => {
    if (objective.hvp) return objective.hvp(theta, v);
    const gp = objective.valueAndGrad(theta.map((t, i) => t + h * v[i]!)).grad;
    const gm = objective.valueAndGrad(theta.map((t, i) => t - h * v[i]!)).grad;
    return gp.map((g, i) => (g - gm[i]!) / (2 * h));
  };

  let v: Float64Array = Float64Array.from({ length: n }, () => rng.normal());
  v = scale(v, 1 / norm2(v));
  const history: number[] = [];
  let lambda = 0;
  let converged = false;
  for (let k = 0; k < iterations; k++) {
    const w = hv(v);
    const next = dot(v, w);
    if (!Number.isFinite(next)) throw new DescentError('non-finite', `${op}: Hv is not finite at iteration ${k}`);
    history.push(next);
    const prev = lambda;
    lambda = next;
    const wn = norm2(w);
    if (wn === 0) {
      converged = true;
      break;
    }
    v = scale(w, 1 / wn);
    if (k > 0 && Math.abs(lambda - prev) <= tol * Math.abs(lambda)) {
      converged = true;
      break;
    }
  }
  return { eigenvalue: lambda, eigenvector: v, iterations: history.length, converged, method, history };
}

function scale(v: Float64Array, c: number): Float64Array {
  return v.map((x) => x * c);
}
