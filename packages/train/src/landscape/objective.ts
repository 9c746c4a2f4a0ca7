import { DescentError } from '@descent/optim-wasm';
import { checkVector, dot } from './vec.js';

/** Where one parameter tensor lives in the flat vector θ, and its shape (for filter normalisation). */
export interface ParamInfo {
  name: string;
  shape: readonly number[];
  offset: number;
  length: number;
}

/**
 * A scalar loss over a flat parameter vector θ ∈ ℝⁿ (f64 at the boundary), the common ground of
 * every landscape probe. Evaluating at θ never changes the model it wraps: probes pass θ explicitly.
 */
export interface Objective {
  /** n, the number of parameters. */
  readonly dim: number;
  /** The parameter tensors in θ, in order (shapes drive filter-normalised directions). */
  readonly params: readonly ParamInfo[];
  /** The parameters the objective was built at (a copy). */
  theta(): Float64Array;
  /** f(θ). */
  value(theta: Float64Array): number;
  /** f(θ) and ∇f(θ). */
  valueAndGrad(theta: Float64Array): { value: number; grad: Float64Array };
  /** ∇²f(θ)·v, exactly; probes fall back to finite differences of gradients without it. */
  hvp?(theta: Float64Array, v: Float64Array): Float64Array;
  /** Classification accuracy in [0, 1] at θ, when the objective is a classifier's loss. */
  accuracy?(theta: Float64Array): number;
}

/** Parameters of a quadratic f(θ) = ½ θᵀHθ + bᵀθ + c. */
export interface QuadraticOptions {
  /** H, n×n symmetric (rows of numbers). */
  hessian: readonly (readonly number[])[];
  /** b (default 0). */
  linear?: ArrayLike<number>;
  /** c (default 0). */
  constant?: number;
  /** Where `theta()` starts (default 0). */
  at?: ArrayLike<number>;
  /** Parameter layout (default: one 1-D parameter 'theta' of length n). */
  params?: readonly ParamInfo[];
}

/**
 * f(θ) = ½ θᵀHθ + bᵀθ + c with ∇f = Hθ + b and ∇²f = H, in f64: the exact oracle the probes are
 * tested against (its box maximum, top eigenvalue and slices are known in closed form).
 */
export function quadraticObjective(o: QuadraticOptions): Objective {
  const op = 'quadraticObjective';
  const n = o.hessian.length;
  if (n === 0) throw new DescentError('bad-shape', `${op}: hessian is empty`);
  const H = o.hessian.map((row, i) => checkVector(op, `hessian[${i}]`, row, n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(H[i]![j]! - H[j]![i]!) > 1e-12 * (1 + Math.abs(H[i]![j]!))) {
        throw new DescentError('bad-arg', `${op}: hessian is not symmetric: H[${i}][${j}] = ${H[i]![j]} but H[${j}][${i}] = ${H[j]![i]}`);
      }
    }
  }
  const b = o.linear ? checkVector(op, 'linear', o.linear, n) : new Float64Array(n);
  const c = o.constant ?? 0;
  const at = o.at ? checkVector(op, 'at', o.at, n) : new Float64Array(n);
  const params = o.params ?? [{ name: 'theta', shape: [n], offset: 0, length: n }];
  const mv = (v: Float64Array) => Float64Array.from(H, (row) => dot(row, v));
  const check = (t: Float64Array, field: string) => checkVector(op, field, t, n);
  return {
    dim: n,
    params,
    theta: () => Float64Array.from(at),
    value: (t) => {
      check(t, 'theta');
      return 0.5 * dot(t, mv(t)) + dot(b, t) + c;
    },
    valueAndGrad: (t) => {
      check(t, 'theta');
      const ht = mv(t);
      return { value: 0.5 * dot(t, ht) + dot(b, t) + c, grad: ht.map((x, i) => x + b[i]!) };
    },
    hvp: (t, v) => {
      check(t, 'theta');
      return mv(check(v, 'v'));
    },
  };
}
