// Shared helpers of the adjoint property tests (⟨f(x), y⟩ = ⟨x, fᵀ(y)⟩). Not library code.
import type { Rng } from '../../src/rng/rng.js';

/** n f32-representable values uniform in [−1, 1), drawn from `rng`. */
export function uniformF32(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => Math.fround(rng.uniform(-1, 1)));
}

/** ⟨a, b⟩ = Σ a[i]·b[i], summed in order. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
