/** One comparison an adapter asks for: actual against expected, elementwise. */
export interface Check {
  name: string;
  actual: ArrayLike<number> | number;
  expected: ArrayLike<number> | number;
  /** Integer results (folds, indices, epochs) must match exactly. */
  exact?: boolean;
}

export interface Mismatch {
  name: string;
  index: number;
  actual: number;
  expected: number;
  absErr: number;
  relErr: number;
  message?: string;
}

/** numpy.allclose per element: |a - e| <= atol + rtol * |e|. Returns the worst offender or null. */
export function compare(check: Check, rtol: number, atol: number): Mismatch | null {
  const a = typeof check.actual === 'number' ? [check.actual] : check.actual;
  const e = typeof check.expected === 'number' ? [check.expected] : check.expected;
  if (a.length !== e.length) {
    return { name: check.name, index: -1, actual: a.length, expected: e.length, absErr: Infinity, relErr: Infinity, message: `length ${a.length} != expected ${e.length}` };
  }
  const rt = check.exact ? 0 : rtol;
  const at = check.exact ? 0 : atol;
  let worst: Mismatch | null = null;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    const ei = e[i]!;
    const absErr = Math.abs(ai - ei);
    const excess = Number.isNaN(absErr) ? Infinity : absErr - (at + rt * Math.abs(ei));
    if (excess > 0 && excess >= worstExcess) {
      worstExcess = excess;
      worst = { name: check.name, index: i, actual: ai, expected: ei, absErr, relErr: absErr / Math.max(Math.abs(ei), 1e-300) };
    }
  }
  return worst;
}
