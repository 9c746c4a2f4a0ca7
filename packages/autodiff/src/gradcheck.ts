import { DescentError, Rng } from '@descent/optim-wasm';
import { referenceBackend, withBackend } from './context.js';
import { tensor } from './create.js';
import { grad } from './engine.js';
import { noGrad } from './grad-mode.js';
import { Tensor, type NestedArray } from './tensor.js';

type Input = Tensor | NestedArray[] | ArrayLike<number> | number;

/** Tolerances, step and seed of `gradcheck`. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Pass when |analytic − numeric| ≤ atol + rtol·|numeric| (defaults 1e-5 and 1e-3, torch's). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Seed of the random cotangent u (default 0). */
  seed?: number;
}

/** One compared element: where it is and how far the two derivatives are apart. */
export interface GradcheckWorst {
  /** The input's name (or position). */
  input: string;
  /** Flat index within that input. */
  index: number;
  /** From `backward`. */
  analytic: number;
  /** From central differences. */
  numeric: number;
  /** |analytic − numeric|. */
  absErr: number;
}

/** The verdict of `gradcheck`, with the worst element and a readable message. */
export interface GradcheckReport {
  /** Every element within tolerance. */
  ok: boolean;
  /** Elements compared. */
  checked: number;
  /** The element furthest from passing (or closest to failing when all pass). */
  worst: GradcheckWorst | null;
  /** One line: passed, or the worst element with both values. */
  message: string;
}

/**
 * Check the hand-written backward of `fn` against central differences, in f64 on the reference
 * backend: with a seeded random cotangent u, compares the vector-Jacobian product uᵀ·∂fn/∂x
 * from `backward` to (L(x + εeⱼ) − L(x − εeⱼ)) / 2ε with L = Σ u ⊙ fn(x), for every element of
 * every differentiable input. Inputs may be named (a record) or positional; a tensor input is
 * checked when it has `requiresGrad` and held constant otherwise; arrays and numbers are checked.
 * The report names the worst element (input, flat index, analytic vs numeric). `fn` runs with the reference backend as default, so tensors it creates are f64 too.
 */
export function gradcheck(fn: (...xs: Tensor<Float64Array>[]) => Tensor<Float64Array>, inputs: Record<string, Input> | readonly Input[], options: GradcheckOptions = {}): GradcheckReport {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const ref = referenceBackend();
  const entries: [string, Input][] = Array.isArray(inputs) ? inputs.map((v, i) => [`input${i}`, v]) : Object.entries(inputs);
  const base = entries.map(([name, v]) => {
    if (v instanceof Tensor) return { name, data: Array.from(v.data()), shape: [...v.shape], diff: v.requiresGrad };
    const t = withBackend(ref, () => tensor(v as never));
    return { name, data: Array.from(t.data()), shape: [...t.shape], diff: true };
  });
  if (!base.some((b) => b.diff)) throw new DescentError('gradcheck', 'gradcheck: no input requires grad');
  const make = (override?: { k: number; data: number[] }) =>
    base.map((b, k) => tensor(override && override.k === k ? override.data : b.data, { shape: b.shape, backend: ref, requiresGrad: b.diff && !override, name: b.name }) as Tensor<Float64Array>);

  return withBackend(ref, () => {
    const xs = make();
    const y = fn(...xs);
    if (y.backend !== ref) throw new DescentError('gradcheck', `gradcheck: fn returned a tensor on the ${y.backend.name} backend; create tensors inside fn without a backend option`);
    const u = new Rng(options.seed ?? 0).fillNormal(new Float64Array(y.size));
    const diffIdx = base.flatMap((b, k) => (b.diff ? [k] : []));
    const analytic = grad(y, diffIdx.map((k) => xs[k]!), { gradOutputs: [tensor(u, { shape: y.shape, backend: ref })], allowUnused: true }).map((g) => g.data());
    const L = (k: number, data: number[]) =>
      noGrad(() => {
        const out = fn(...make({ k, data })).data();
        let s = 0;
        for (let i = 0; i < out.length; i++) s += u[i]! * out[i]!;
        return s;
      });
    let worst: GradcheckWorst | null = null;
    let worstExcess = -Infinity;
    let checked = 0;
    diffIdx.forEach((k, gi) => {
      const b = base[k]!;
      for (let j = 0; j < b.data.length; j++) {
        const plus = [...b.data];
        const minus = [...b.data];
        plus[j]! += eps;
        minus[j]! -= eps;
        const numeric = (L(k, plus) - L(k, minus)) / (2 * eps);
        const a = analytic[gi]![j]!;
        const absErr = Math.abs(a - numeric);
        const excess = Number.isNaN(absErr) ? Infinity : absErr - (atol + rtol * Math.abs(numeric));
        checked++;
        if (excess > worstExcess) {
          worstExcess = excess;
          worst = { input: b.name, index: j, analytic: a, numeric, absErr };
        }
      }
    });
    const ok = worstExcess <= 0;
    const w = worst as GradcheckWorst | null;
    const where = w ? `${w.input}[${w.index}]: analytic ${w.analytic}, numeric ${w.numeric} (abs err ${w.absErr.toExponential(2)})` : 'nothing to check';
    return { ok, checked, worst: w, message: `gradcheck ${ok ? 'passed' : 'FAILED'} over ${checked} elements; worst ${where}` };
  });
}
