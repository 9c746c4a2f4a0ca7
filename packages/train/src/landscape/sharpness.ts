import { DescentError } from '@descent/optim-wasm';
import { resolveRng, type RngOrSeed } from '../data/random.js';
import { ridgeLeastSquares } from './linalg.js';
import type { Objective } from './objective.js';
import { checkVector } from './vec.js';

/**
 * Options of `epsSharpness`. Errors: a DescentError ('bad-arg') when epsilon or stepSize ≤ 0,
 * steps < 0, or subspace.dim is outside [1, parameters]; ('non-finite') when the loss is not
 * finite inside the box.
 */
export interface SharpnessOptions {
  /** ε, the relative box size (default 1e-3, Keskar et al.'s choice). */
  epsilon?: number;
  /** Loss-and-gradient evaluations of the ascent from each start (default 20). */
  steps?: number;
  /** Initial step in box units: each step moves u by η·∇ᵤ/rms(∇ᵤ); halved when f does not rise (default 0.5). */
  stepSize?: number;
  /** Maximise in a random p-dimensional subspace x + A·y (Keskar's A, n×p, entries N(0, 1)). */
  subspace?: { dim: number; rng: RngOrSeed };
  /** Where to measure (default `objective.theta()`). */
  theta?: ArrayLike<number>;
}

/**
 * What `epsSharpness` returns: Keskar's ε-sharpness in percent, and where the ascent found the
 * maximum.
 */
export interface SharpnessResult {
  /** 100·(max f(x + δ) − f(x)) / (1 + f(x)). */
  sharpness: number;
  /** f(x). */
  value: number;
  /** The best f(x + δ) found. */
  maxValue: number;
  /** The maximising perturbation δ in parameter space. */
  delta: Float64Array;
  /** Which start gave the best value. */
  start: 'corner' | 'zero';
  /** Gradient evaluations spent. */
  evaluations: number;
}

/**
 * Keskar et al. (2017) ε-sharpness, φ = 100·(max_{y∈C} f(x + Ay) − f(x)) / (1 + f(x)), with
 * C = {y : |yᵢ| ≤ ε(|(A⁺x)ᵢ| + 1)}; A = I (full space, the default) or a random n×p matrix
 * (`subspace`), A⁺ = (AᵀA)⁻¹Aᵀ. The box maximum is sought by projected gradient ascent in box
 * units u = y / bound ∈ [−1, 1]ᵖ: u ← clip(u + η·∇ᵤ/rms(∇ᵤ)), ∇ᵤ = bound ⊙ Aᵀ∇f, keeping steps
 * that raise f and halving η otherwise. It runs from zero, and from the corner sign(∇ᵤ(0))
 * (sign 0 → +1), where it first hops between corners u ← sign(∇ᵤ(u)) while f rises (the
 * conditional-gradient step of a box: monotone for a locally convex f), and keeps the best. Keskar used L-BFGS-B; this is a cheaper ascent, so
 * the value is a lower bound of the true box maximum.
 *
 * @example epsSharpness(modelObjective({ model, data: train }), { epsilon: 1e-3 }).sharpness
 */
export function epsSharpness(objective: Objective, options: SharpnessOptions = {}): SharpnessResult {
  const op = 'epsSharpness';
  const eps = options.epsilon ?? 1e-3;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new DescentError('bad-arg', `${op}: 'epsilon' must be a finite number > 0, got ${eps}`);
  const steps = options.steps ?? 20;
  if (!Number.isInteger(steps) || steps < 0) throw new DescentError('bad-arg', `${op}: 'steps' must be an integer >= 0, got ${steps}`);
  const eta0 = options.stepSize ?? 0.5;
  if (!(eta0 > 0) || !Number.isFinite(eta0)) throw new DescentError('bad-arg', `${op}: 'stepSize' must be a finite number > 0, got ${eta0}`);
  const n = objective.dim;
  const x = options.theta === undefined ? objective.theta() : checkVector(op, 'theta', options.theta, n);

  // The map y ↦ δ = A·y, its adjoint g ↦ Aᵀg, and the box half-widths.
  let m = n;
  let toDelta: (y: Float64Array) => Float64Array = (y) => y;
  let toY: (g: Float64Array) => Float64Array = (g) => g;
  let bound: Float64Array;
  if (options.subspace) {
    const p = options.subspace.dim;
    if (!Number.isInteger(p) || p < 1 || p > n) throw new DescentError('bad-arg', `${op}: subspace.dim must be an integer in [1, ${n}], got ${p}`);
    const rng = resolveRng(options.subspace.rng, op, 'subspace.rng');
    const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.normal()));
    // A⁺x = least-squares coordinates of x in span(A).
    const ax = ridgeLeastSquares(op, cols, x, 0);
    bound = Float64Array.from(ax, (v) => eps * (Math.abs(v) + 1));
    m = p;
    toDelta = (y) => {
      const d = new Float64Array(n);
      cols.forEach((c, j) => {
        const yj = y[j]!;
        for (let i = 0; i < n; i++) d[i]! += c[i]! * yj;
      });
      return d;
    };
    toY = (g) => Float64Array.from(cols, (c) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += c[i]! * g[i]!;
      return s;
    });
  } else {
    bound = Float64Array.from(x, (v) => eps * (Math.abs(v) + 1));
  }

  let evaluations = 0;
  const evalAt = (u: Float64Array) => {
    const d = toDelta(u.map((ui, i) => ui * bound[i]!));
    const xd = x.map((xi, i) => xi + d[i]!);
    const r = objective.valueAndGrad(xd);
    evaluations++;
    if (!Number.isFinite(r.value)) throw new DescentError('non-finite', `${op}: the loss is ${r.value} inside the ε-box (ε = ${eps})`);
    const gu = toY(r.grad).map((g, i) => g * bound[i]!);
    return { value: r.value, gu, delta: d };
  };

  const zero = evalAt(new Float64Array(m));
  const f0 = zero.value;
  const ascend = (u0: Float64Array, first: ReturnType<typeof evalAt>, hop: boolean) => {
    let u = u0;
    let cur = first;
    let eta = eta0;
    for (let k = 0; k < steps; ) {
      let cand: Float64Array;
      if (hop) {
        // Vertex hop (conditional gradient): the box corner maximising the linearisation.
        cand = cur.gu.map((g, i) => (g > 0 ? 1 : g < 0 ? -1 : u[i]! < 0 ? -1 : 1));
        if (cand.every((c, i) => c === u[i])) {
          hop = false;
          continue;
        }
      } else {
        const rms = Math.sqrt(cur.gu.reduce((s, g) => s + g * g, 0) / m);
        if (!(rms > 0)) break;
        cand = u.map((ui, i) => Math.min(1, Math.max(-1, ui + (eta * cur.gu[i]!) / rms)));
      }
      const next = evalAt(cand);
      k++;
      if (next.value > cur.value) {
        u = cand;
        cur = next;
      } else if (hop) {
        hop = false;
      } else {
        eta /= 2;
      }
    }
    return cur;
  };
  const fromZero = ascend(new Float64Array(m), zero, false);
  const cornerU = zero.gu.map((g) => (g < 0 ? -1 : 1));
  const fromCorner = ascend(cornerU, evalAt(cornerU), true);
  const best = fromCorner.value >= fromZero.value ? { r: fromCorner, start: 'corner' as const } : { r: fromZero, start: 'zero' as const };
  return {
    sharpness: (100 * (best.r.value - f0)) / (1 + f0),
    value: f0,
    maxValue: best.r.value,
    delta: best.r.delta,
    start: best.start,
    evaluations,
  };
}
