import { DescentError, type Rng } from '@descent/optim-wasm';
import { checkRange, nchw, unwrap, wrapLike, type Batch } from '../batch.js';
import type { BatchTransform } from './compose.js';

/** Options of `randomHorizontalFlip` / `randomVerticalFlip`. */
export interface FlipOptions {
  /** Probability of flipping each image (default 0.5). */
  p?: number;
}

function randomFlip(op: string, axis: 'h' | 'v', options: FlipOptions): BatchTransform {
  const p = options.p ?? 0.5;
  checkRange(op, 'p', p, 0, 1);
  return <B extends Batch>(x: B, rng: Rng): B => {
    const u = unwrap(op, x);
    const [n, c, h, w] = nchw(op, u.shape);
    const out = Float64Array.from(u.data);
    for (let i = 0; i < n; i++) {
      if (!(rng.uniform() < p)) continue; // one draw per image, flipped or not
      for (let ch = 0; ch < c; ch++) {
        const base = (i * c + ch) * h * w;
        for (let yy = 0; yy < h; yy++) {
          for (let xx = 0; xx < w; xx++) {
            const src = axis === 'h' ? base + yy * w + (w - 1 - xx) : base + (h - 1 - yy) * w + xx;
            out[base + yy * w + xx] = u.data[src]!;
          }
        }
      }
    }
    return wrapLike(x, out, u.shape);
  };
}

/**
 * Mirror each image of an NCHW batch left–right with probability p: y[.., i, j] = x[.., i, W−1−j].
 *
 * @example randomHorizontalFlip({ p: 0.5 })(batch, rng)
 */
export function randomHorizontalFlip(options: FlipOptions = {}): BatchTransform {
  return randomFlip('randomHorizontalFlip', 'h', options);
}

/** Mirror each image upside down with probability p: y[.., i, j] = x[.., H−1−i, j]. */
export function randomVerticalFlip(options: FlipOptions = {}): BatchTransform {
  return randomFlip('randomVerticalFlip', 'v', options);
}

/** Internal: validate an integer pixel count. */
export function checkPixels(op: string, field: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new DescentError('value', `${op}: ${field} must be a non-negative integer, got ${v}`);
}
