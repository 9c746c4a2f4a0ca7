import { DescentError } from '@descent/optim-wasm';
import { resolveRng, type RngOrSeed } from '../data/random.js';
import type { ParamInfo } from './objective.js';
import { checkVector } from './vec.js';

/**
 * Options of `filterNormalizedDirection`: the generator of d ~ N(0, I) and what 1-D parameters get.
 */
export interface DirectionOptions {
  rng: RngOrSeed;
  /**
   * What 1-D parameters (biases, norm-layer weights and biases) get in the direction: 'zero'
   * (default, Li et al.'s `ignore='biasbn'`) or 'copy' (the parameter itself).
   */
  biasBn?: 'zero' | 'copy';
}

/**
 * A filter-normalised random direction (Li et al. 2018, "Visualizing the Loss Landscape of Neural
 * Nets"): d ~ N(0, I), then for every parameter of rank ≥ 2 and every filter i (slice along dim 0:
 * a row of a Linear weight [out, in], an output channel of a conv weight),
 * dᵢ ← dᵢ · ‖θᵢ‖ / (‖dᵢ‖ + 1e-10); parameters of rank ≤ 1 are zeroed (or copied, `biasBn: 'copy'`).
 * Slices along such directions are comparable across networks with different weight scales.
 */
export function filterNormalizedDirection(theta: ArrayLike<number>, params: readonly ParamInfo[], options: DirectionOptions): Float64Array {
  const op = 'filterNormalizedDirection';
  const n = params.reduce((s, p) => Math.max(s, p.offset + p.length), 0);
  const t = checkVector(op, 'theta', theta, n);
  const rng = resolveRng(options.rng, op);
  const mode = options.biasBn ?? 'zero';
  if (mode !== 'zero' && mode !== 'copy') throw new DescentError('bad-arg', `${op}: 'biasBn' must be 'zero' or 'copy', got ${String(mode)}`);
  const d = Float64Array.from({ length: n }, () => rng.normal());
  for (const p of params) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (size !== p.length) throw new DescentError('bad-shape', `${op}: parameter '${p.name}' shape [${p.shape.join(', ')}] does not hold its ${p.length} values`);
    if (p.shape.length <= 1) {
      for (let i = p.offset; i < p.offset + p.length; i++) d[i] = mode === 'zero' ? 0 : t[i]!;
      continue;
    }
    const filters = p.shape[0]!;
    const per = p.length / filters;
    for (let f = 0; f < filters; f++) {
      const lo = p.offset + f * per;
      let wn = 0;
      let dn = 0;
      for (let i = lo; i < lo + per; i++) {
        wn += t[i]! * t[i]!;
        dn += d[i]! * d[i]!;
      }
      const s = Math.sqrt(wn) / (Math.sqrt(dn) + 1e-10);
      for (let i = lo; i < lo + per; i++) d[i]! *= s;
    }
  }
  return d;
}
