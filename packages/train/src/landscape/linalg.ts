import { DescentError } from '@descent/optim-wasm';

/**
 * Solve the symmetric positive-definite system M·x = b by Cholesky, M = LLᵀ (f64, in a copy).
 * `op` names the caller when M is not positive definite (e.g. a rank-deficient design).
 */
export function choleskySolve(op: string, M: readonly Float64Array[], b: ArrayLike<number>): Float64Array {
  const p = M.length;
  if (b.length !== p) throw new DescentError('bad-shape', `${op}: system of size ${p} with a right-hand side of ${b.length}`);
  const L = M.map(() => new Float64Array(p));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = M[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(s > 0)) throw new DescentError('singular', `${op}: the ${p}×${p} normal matrix is not positive definite (pivot ${i} = ${s}); add a ridge or use fewer columns`);
        L[i]![i] = Math.sqrt(s);
      } else {
        L[i]![j] = s / L[j]![j]!;
      }
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i]![k]! * y[k]!;
    y[i] = s / L[i]![i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k]![i]! * x[k]!;
    x[i] = s / L[i]![i]!;
  }
  return x;
}

/**
 * Ridge least squares over columns c₀…c_{p−1} (each of length m):
 * w = argmin ‖Σⱼ wⱼcⱼ − y‖² + λ‖w‖², i.e. (CᵀC + λI)w = Cᵀy, solved by Cholesky.
 */
export function ridgeLeastSquares(op: string, columns: readonly Float64Array[], y: ArrayLike<number>, ridge: number): Float64Array {
  const p = columns.length;
  const M = columns.map((ci) => Float64Array.from(columns, (cj) => dotCols(ci, cj)));
  for (let i = 0; i < p; i++) M[i]![i]! += ridge;
  return choleskySolve(op, M, columns.map((c) => dotCols(c, y)));
}

function dotCols(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
