// Least-squares polynomial fits in f64 for the bias–variance run (bias-variance-run.ts, the
// playground's view and `descent experiment bias-variance --samples …`): x is mapped to
// t ∈ [-1, 1] and the normal equations (VᵀV + λI) c = Vᵀy are solved by Gaussian elimination
// with partial pivoting (robust to the repeated rows of a bootstrap resample).
import { DescentError } from '@descent/optim-wasm';

/** ĉ = argmin_c Σᵢ (Σ_k c_k tᵢᵏ − yᵢ)² + λ‖c‖², t = (x − mid) / half. */
export function polyfit(x: ArrayLike<number>, y: ArrayLike<number>, degree: number, range: [number, number], ridge = 1e-9): Float64Array {
  const d = degree + 1;
  const A = Array.from({ length: d }, () => new Float64Array(d + 1));
  const mid = (range[0] + range[1]) / 2;
  const half = (range[1] - range[0]) / 2 || 1;
  const pw = new Float64Array(d);
  for (let i = 0; i < x.length; i++) {
    const t = (x[i]! - mid) / half;
    pw[0] = 1;
    for (let k = 1; k < d; k++) pw[k] = pw[k - 1]! * t;
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < d; c++) A[r]![c]! += pw[r]! * pw[c]!;
      A[r]![d]! += pw[r]! * y[i]!;
    }
  }
  for (let r = 0; r < d; r++) A[r]![r]! += ridge;
  for (let col = 0; col < d; col++) {
    let piv = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[piv]![col]!)) piv = r;
    [A[col], A[piv]] = [A[piv]!, A[col]!];
    const p = A[col]![col]!;
    if (Math.abs(p) < 1e-300) throw new DescentError('singular', `polyfit: degree ${degree} is singular for ${x.length} points`);
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const f = A[r]![col]! / p;
      if (f !== 0) for (let c = col; c <= d; c++) A[r]![c]! -= f * A[col]![c]!;
    }
  }
  return Float64Array.from({ length: d }, (_, k) => A[k]![d]! / A[k]![k]!);
}

/** Evaluate a polyfit at x. */
export function polyval(coeffs: Float64Array, x: number, range: [number, number]): number {
  const t = (x - (range[0] + range[1]) / 2) / ((range[1] - range[0]) / 2 || 1);
  let v = 0;
  for (let k = coeffs.length - 1; k >= 0; k--) v = v * t + coeffs[k]!;
  return v;
}
