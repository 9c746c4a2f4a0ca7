import { DescentError, portableExp, portableLog, type Rng } from '@descent/optim-wasm';
import { checkRange, nchw, unwrap, wrapLike, type Batch } from '../batch.js';
import type { BatchTransform } from './compose.js';
import { checkPixels } from './flip.js';

/** Options of `randomErasing` (torchvision RandomErasing, Zhong et al.). */
export interface RandomErasingOptions {
  /** Probability of erasing a rectangle in each image (default 0.5). */
  p?: number;
  /** Range of the erased area as a fraction of the image (default [0.02, 0.33]). */
  scale?: readonly [number, number];
  /** Range of the aspect ratio h/w, sampled log-uniformly (default [0.3, 3.3]). */
  ratio?: readonly [number, number];
  /** Value written into the rectangle (default 0). */
  value?: number;
}

/** Fill rows y0..y1−1, columns x0..x1−1 of every channel of image i with v. */
function fillBox(out: Float64Array, i: number, c: number, h: number, w: number, y0: number, y1: number, x0: number, x1: number, v: number): void {
  for (let ch = 0; ch < c; ch++) {
    const base = (i * c + ch) * h * w;
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) out[base + yy * w + xx] = v;
  }
}

/**
 * Random erasing (Zhong et al. 2020, torchvision `RandomErasing`): with probability p per image,
 * up to 10 tries of area A·U(scale) and aspect r = exp(U(log ratio)), h = round(√(area·r)),
 * w = round(√(area/r)); the first that fits (h < H, w < W) is placed at top ~ U{0..H−h},
 * left ~ U{0..W−w} and set to `value` in all channels. No fit → image unchanged.
 *
 * @example randomErasing({ p: 0.5 })(batch, rng)
 */
export function randomErasing(options: RandomErasingOptions = {}): BatchTransform {
  const op = 'randomErasing';
  const p = options.p ?? 0.5;
  checkRange(op, 'p', p, 0, 1);
  const [s0, s1] = options.scale ?? [0.02, 0.33];
  const [r0, r1] = options.ratio ?? [0.3, 3.3];
  if (!(s0 > 0 && s0 <= s1 && s1 <= 1)) throw new DescentError('value', `${op}: scale must satisfy 0 < lo <= hi <= 1, got [${s0}, ${s1}]`);
  if (!(r0 > 0 && r0 <= r1 && Number.isFinite(r1))) throw new DescentError('value', `${op}: ratio must satisfy 0 < lo <= hi, got [${r0}, ${r1}]`);
  const value = options.value ?? 0;
  return <B extends Batch>(x: B, rng: Rng): B => {
    const u = unwrap(op, x);
    const [n, c, h, w] = nchw(op, u.shape);
    const out = Float64Array.from(u.data);
    for (let i = 0; i < n; i++) {
      if (!(rng.uniform() < p)) continue;
      for (let attempt = 0; attempt < 10; attempt++) {
        const area = h * w * rng.uniform(s0, s1);
        const r = portableExp(rng.uniform(portableLog(r0), portableLog(r1)));
        const eh = Math.round(Math.sqrt(area * r));
        const ew = Math.round(Math.sqrt(area / r));
        if (!(eh < h && ew < w && eh > 0 && ew > 0)) continue;
        const top = rng.int(0, h - eh + 1);
        const left = rng.int(0, w - ew + 1);
        fillBox(out, i, c, h, w, top, top + eh, left, left + ew, value);
        break;
      }
    }
    return wrapLike(x, out, u.shape);
  };
}

/** Options of `cutout` (DeVries & Taylor): a square hole of fixed size per image. */
export interface CutoutOptions {
  /** Side of the square hole in pixels. */
  size: number;
  /** Probability per image (default 1). */
  p?: number;
  /** Value of the hole (default 0). */
  value?: number;
}

/**
 * Cutout (DeVries & Taylor 2017): a size×size square centred at a uniform pixel (cy, cx), clipped
 * to the image — rows clip(cy − ⌊s/2⌋)..clip(cy − ⌊s/2⌋ + s) — set to `value` in every channel.
 *
 * @example cutout({ size: 8 })(cifarBatch, rng)
 */
export function cutout(options: CutoutOptions): BatchTransform {
  const op = 'cutout';
  checkPixels(op, 'size', options.size);
  const p = options.p ?? 1;
  checkRange(op, 'p', p, 0, 1);
  const value = options.value ?? 0;
  const s = options.size;
  return <B extends Batch>(x: B, rng: Rng): B => {
    const u = unwrap(op, x);
    const [n, c, h, w] = nchw(op, u.shape);
    const out = Float64Array.from(u.data);
    const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    for (let i = 0; i < n; i++) {
      if (!(rng.uniform() < p)) continue;
      const cy = rng.int(0, h);
      const cx = rng.int(0, w);
      const y0 = clip(cy - Math.floor(s / 2), h);
      const x0 = clip(cx - Math.floor(s / 2), w);
      fillBox(out, i, c, h, w, y0, clip(cy - Math.floor(s / 2) + s, h), x0, clip(cx - Math.floor(s / 2) + s, w), value);
    }
    return wrapLike(x, out, u.shape);
  };
}
