import { DescentError } from '@descent/optim-wasm';

/** Σ aᵢbᵢ in f64. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** ‖a‖₂ in f64. */
export function norm2(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** out = x + Σₖ cₖ·dₖ (a new Float64Array). */
export function combine(x: ArrayLike<number>, terms: readonly (readonly [number, ArrayLike<number>])[]): Float64Array {
  const out = Float64Array.from(x);
  for (const [c, d] of terms) {
    if (c === 0) continue;
    for (let i = 0; i < out.length; i++) out[i]! += c * d[i]!;
  }
  return out;
}

/** Evenly spaced values lo … hi (both included), like numpy.linspace. */
export function linspace(op: string, lo: number, hi: number, points: number): Float64Array {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new DescentError('bad-arg', `${op}: range [${lo}, ${hi}] must be finite`);
  if (!Number.isInteger(points) || points < 1) throw new DescentError('bad-arg', `${op}: 'points' must be an integer >= 1, got ${points}`);
  if (points === 1) return Float64Array.of(lo);
  return Float64Array.from({ length: points }, (_, i) => (i === points - 1 ? hi : lo + ((hi - lo) * i) / (points - 1)));
}

/** Throw unless `v` has `dim` finite entries; returns it as a Float64Array (copied when not one). */
export function checkVector(op: string, field: string, v: ArrayLike<number>, dim: number): Float64Array {
  if (!v || typeof v.length !== 'number') throw new DescentError('bad-arg', `${op}: '${field}' must be an array of ${dim} numbers`);
  if (v.length !== dim) throw new DescentError('bad-shape', `${op}: '${field}' has ${v.length} values, the objective has ${dim} parameters`);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) throw new DescentError('bad-arg', `${op}: ${field}[${i}] = ${v[i]} is not finite`);
  }
  return v instanceof Float64Array ? v : Float64Array.from(v);
}
