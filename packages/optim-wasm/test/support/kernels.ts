// Shared helpers for the elementwise/reduce/softmax kernel tests (H1). Not library code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** mulberry32: a tiny seeded generator for test data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n f32-representable values uniform in [lo, hi). */
export function randomData(rand: () => number, n: number, lo = -3, hi = 3): number[] {
  return Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * rand()));
}

/**
 * numpy.allclose with NaN == NaN and equal infinities; returns undefined when close, else a
 * description of the worst element.
 */
export function mismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) return `at ${i}: got ${a}, expected ${e}`;
      continue;
    }
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  return worst < 0 ? undefined : `at ${worst}: got ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`;
}

export interface FixtureTensor {
  shape: number[];
  data: (number | boolean)[];
  dtype?: string;
}

export interface OpCase {
  id: string;
  family: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: Record<string, FixtureTensor>;
  expected: { output: FixtureTensor };
  rtol: number;
  atol: number;
}

/** The public autodiff_op fixture cases, read from the copy inside the repository. */
export function autodiffOpCases(): OpCase[] {
  const path = fileURLToPath(new URL('../../../../fixtures/public/autodiff_op.json', import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: OpCase[] }).cases;
}

export function floats(t: FixtureTensor): number[] {
  return t.data.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
}
