import { adam, DescentError, freeState, Rng } from '@descent/optim-wasm';
import { predict } from '../fit/evaluate.js';
import { fit } from '../fit/fit.js';
import { ridgeLeastSquares } from '../landscape/linalg.js';
import { mlp } from '../models/mlp.js';

/** A regression model family indexed by one capacity knob, as JSON (job specs carry it). */
export type CapacityModel =
  | { kind: 'polynomial'; degree: number; ridge: number }
  | { kind: 'mlp'; width: number; epochs: number; lr: number };

/** Chebyshev T₀…T_d at t ∈ [−1, 1] (T_{k+1} = 2tT_k − T_{k−1}): a well-conditioned polynomial basis. */
function chebyshev(t: number, degree: number): Float64Array {
  const out = new Float64Array(degree + 1);
  out[0] = 1;
  if (degree >= 1) out[1] = t;
  for (let k = 2; k <= degree; k++) out[k] = 2 * t * out[k - 1]! - out[k - 2]!;
  return out;
}

/**
 * Fit a 1-D regression model on (x, y) and predict at `grid`.
 * polynomial: least squares of degree d in the Chebyshev basis of x scaled from `xRange` to
 * [−1, 1], w = (ΦᵀΦ + λI)⁻¹Φᵀy (λ = `ridge`, tiny, keeps duplicated bootstrap rows solvable).
 * mlp: 1 → width → 1 tanh network, full-batch Adam for `epochs` steps (seeded by `rng`).
 */
export function fitAndPredict(model: CapacityModel, x: Float32Array, y: Float32Array, grid: Float64Array, xRange: readonly [number, number], rng: Rng): Float64Array {
  const op = 'fitAndPredict';
  if (model.kind === 'polynomial') {
    const d = model.degree;
    if (!Number.isInteger(d) || d < 0) throw new DescentError('bad-arg', `${op}: polynomial degree must be an integer >= 0, got ${d}`);
    if (!(model.ridge >= 0)) throw new DescentError('bad-arg', `${op}: ridge must be >= 0, got ${model.ridge}`);
    const [lo, hi] = xRange;
    const scale = (v: number) => (2 * v - lo - hi) / (hi - lo);
    const rows = Array.from(x, (v) => chebyshev(scale(v), d));
    const cols = Array.from({ length: d + 1 }, (_, k) => Float64Array.from(rows, (r) => r[k]!));
    const w = ridgeLeastSquares(`${op} (degree ${d})`, cols, y, model.ridge);
    return grid.map((g) => {
      const b = chebyshev(scale(g), d);
      let s = 0;
      for (let k = 0; k <= d; k++) s += w[k]! * b[k]!;
      return s;
    });
  }
  if (model.kind === 'mlp') {
    const { width, epochs, lr } = model;
    if (!Number.isInteger(width) || width < 1) throw new DescentError('bad-arg', `${op}: mlp width must be an integer >= 1, got ${width}`);
    const net = mlp({ inputs: 1, hidden: [width], outputs: 1, activation: 'tanh', rng: rng.fork('init') });
    const r = fit(net, { x, y, n: x.length, features: 1 }, { optimizer: adam({ lr }), epochs, batchSize: 'full', shuffle: false });
    if (r.error) throw new DescentError('non-finite', `${op}: mlp width ${width}: ${r.error.message}`);
    const out = predict(net, Float32Array.from(grid), 1).outputs;
    freeState(r.optimizerState);
    r.arena.free();
    return Float64Array.from(out);
  }
  throw new DescentError('bad-arg', `${op}: model.kind must be 'polynomial' or 'mlp', got ${String((model as { kind: unknown }).kind)}`);
}
