import { DescentError, type Rng } from '@descent/optim-wasm';
import { fmtShape, unwrap, wrapLike, type Batch } from '../batch.js';
import type { BatchTransform } from './compose.js';

function checkStd(op: string, std: number): void {
  if (!(Number.isFinite(std) && std >= 0)) throw new DescentError('value', `${op}: std must be a finite number >= 0, got ${std}`);
}

/** Options of `gaussianNoise`: additive N(mean, std²) noise, optionally clamped. */
export interface GaussianNoiseOptions {
  /** Standard deviation σ of the noise. */
  std: number;
  /** Mean of the noise (default 0). */
  mean?: number;
  /** Clamp the result to [lo, hi] (e.g. [0, 1] for images; default none). */
  clip?: readonly [number, number];
}

/**
 * Additive Gaussian pixel noise on any batch: y = x + ε, ε ~ N(mean, σ²) i.i.d. per element
 * (optionally clamped). Draws come from `rng.fillNormal` in row-major order.
 *
 * @example gaussianNoise({ std: 0.05, clip: [0, 1] })(images, rng)
 */
export function gaussianNoise(options: GaussianNoiseOptions): BatchTransform {
  const op = 'gaussianNoise';
  checkStd(op, options.std);
  const mean = options.mean ?? 0;
  const clip = options.clip;
  if (clip && !(clip[0] <= clip[1])) throw new DescentError('value', `${op}: clip must be [lo, hi] with lo <= hi, got [${clip[0]}, ${clip[1]}]`);
  return <B extends Batch>(x: B, rng: Rng): B => {
    const u = unwrap(op, x);
    const noise = rng.fillNormal(new Float64Array(u.data.length), mean, options.std);
    for (let i = 0; i < noise.length; i++) {
      let v = u.data[i]! + noise[i]!;
      if (clip) v = Math.min(Math.max(v, clip[0]), clip[1]);
      u.data[i] = v;
    }
    return wrapLike(x, u.data, u.shape);
  };
}

/** Options of `featureJitter`: Gaussian noise per tabular feature, scaled per column. */
export interface FeatureJitterOptions {
  /** Noise scale σ, relative to `scale` when given. */
  std: number;
  /** Per-feature scale sⱼ (e.g. each column's standard deviation); default 1 for all. */
  scale?: ArrayLike<number>;
}

/**
 * Feature jitter for tabular batches [N, F]: y[n, j] = x[n, j] + σ·sⱼ·zₙⱼ, z ~ N(0, 1), so each
 * column is perturbed in its own units. Labels are untouched.
 *
 * @example featureJitter({ std: 0.05, scale: columnStds })(table, rng)
 */
export function featureJitter(options: FeatureJitterOptions): BatchTransform {
  const op = 'featureJitter';
  checkStd(op, options.std);
  const scale = options.scale ? Float64Array.from(options.scale) : null;
  if (scale?.some((s) => !(Number.isFinite(s) && s >= 0))) throw new DescentError('value', `${op}: scale entries must be finite and >= 0`);
  return <B extends Batch>(x: B, rng: Rng): B => {
    const u = unwrap(op, x);
    if (u.shape.length !== 2) throw new DescentError('shape', `${op}: expected a tabular batch [N, F], got ${fmtShape(u.shape)}`);
    const f = u.shape[1]!;
    if (scale && scale.length !== f) throw new DescentError('shape', `${op}: scale has ${scale.length} entries for ${f} features`);
    const z = rng.fillNormal(new Float64Array(u.data.length), 0, 1);
    for (let i = 0; i < z.length; i++) u.data[i]! += options.std * (scale ? scale[i % f]! : 1) * z[i]!;
    return wrapLike(x, u.data, u.shape);
  };
}
