import { DescentError, type Rng } from '@descent/optim-wasm';
import { checkRange, nchw, unwrap, wrapLike, type Batch } from '../batch.js';
import type { BatchTransform } from './compose.js';
import { checkPixels } from './flip.js';
import { perImagePlanes } from './per-image.js';

/** How pixels outside the image are filled: a constant, the mirror image (no edge repeat), or the edge. */
export type PaddingMode = 'constant' | 'reflect' | 'edge';

/** Options of `randomCrop` (torchvision RandomCrop). */
export interface RandomCropOptions {
  /** Output [height, width] (default: the input's). */
  size?: readonly [number, number];
  /** Pixels of padding on every side before cropping (default 0). */
  padding?: number;
  /** How the padding is filled (default 'constant'). */
  paddingMode?: PaddingMode;
  /** Fill value of 'constant' padding (default 0). */
  fill?: number;
}

/** Source index of coordinate v in [0, n) after padding rules; −1 for a constant fill. */
function resolve(v: number, n: number, mode: PaddingMode): number {
  if (v >= 0 && v < n) return v;
  if (mode === 'constant') return -1;
  if (mode === 'edge') return v < 0 ? 0 : n - 1;
  if (n === 1) return 0;
  const period = 2 * (n - 1); // reflect: …2 1 [0 1 2 … n−1] n−2 …
  let m = ((v % period) + period) % period;
  if (m >= n) m = period - m;
  return m;
}

/** Copy each image, shifted: out[i][j] = in[i + oy][j + ox] (padding rules outside). */
function shiftCopy(src: Float64Array, dst: Float64Array, srcBase: number, dstBase: number, h: number, w: number, oh: number, ow: number, oy: number, ox: number, mode: PaddingMode, fill: number): void {
  for (let yy = 0; yy < oh; yy++) {
    const sy = resolve(yy + oy, h, mode);
    for (let xx = 0; xx < ow; xx++) {
      const sx = resolve(xx + ox, w, mode);
      dst[dstBase + yy * ow + xx] = sy < 0 || sx < 0 ? fill : src[srcBase + sy * w + sx]!;
    }
  }
}

/**
 * Random crop of an NCHW batch after padding (the CIFAR recipe: padding 4, crop back to 32):
 * per image, top ~ U{0..H + 2p − h}, left ~ U{0..W + 2p − w}, and
 * y[.., i, j] = pad(x)[.., top + i, left + j], with pad(x) the `padding`-pixel border by `paddingMode`.
 *
 * @example randomCrop({ padding: 4 })(cifarBatch, rng)
 */
export function randomCrop(options: RandomCropOptions = {}): BatchTransform {
  const op = 'randomCrop';
  const pad = options.padding ?? 0;
  checkPixels(op, 'padding', pad);
  const mode = options.paddingMode ?? 'constant';
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'edge') throw new DescentError('value', `${op}: paddingMode must be 'constant', 'reflect' or 'edge', got '${String(mode)}'`);
  const fill = options.fill ?? 0;
  return <B extends Batch>(x: B, rng: Rng): B => {
    const u = unwrap(op, x);
    const [n, c, h, w] = nchw(op, u.shape);
    const [oh, ow] = options.size ?? [h, w];
    if (!Number.isInteger(oh) || !Number.isInteger(ow) || oh < 1 || ow < 1 || oh > h + 2 * pad || ow > w + 2 * pad) {
      throw new DescentError('value', `${op}: size [${oh}, ${ow}] does not fit an image of ${h}×${w} padded by ${pad}`);
    }
    if (mode === 'reflect' && pad >= Math.min(h, w) && pad > 0) throw new DescentError('value', `${op}: reflect padding ${pad} must be smaller than the image side ${Math.min(h, w)}`);
    const out = new Float64Array(n * c * oh * ow);
    for (let i = 0; i < n; i++) {
      const top = rng.int(0, h + 2 * pad - oh + 1);
      const left = rng.int(0, w + 2 * pad - ow + 1);
      for (let ch = 0; ch < c; ch++) {
        const k = i * c + ch;
        shiftCopy(u.data, out, k * h * w, k * oh * ow, h, w, oh, ow, top - pad, left - pad, mode, fill);
      }
    }
    return wrapLike(x, out, [n, c, oh, ow]);
  };
}

/** Options of `randomTranslation` (torchvision RandomAffine's translate). */
export interface RandomTranslationOptions {
  /** Maximal shifts as fractions of the size [horizontal a, vertical b] (torchvision RandomAffine). */
  translate: readonly [number, number];
  /** Value of the uncovered pixels (default 0). */
  fill?: number;
}

/**
 * Random integer translation per image (torchvision `RandomAffine(translate=(a, b))`):
 * tx = round(U(−a·W, a·W)), ty = round(U(−b·H, b·H)), y[.., i, j] = x[.., i − ty, j − tx],
 * uncovered pixels get `fill`. Same shape out.
 *
 * @example randomTranslation({ translate: [0.1, 0.1] })(batch, rng)
 */
export function randomTranslation(options: RandomTranslationOptions): BatchTransform {
  const op = 'randomTranslation';
  const [a, b] = options.translate ?? [NaN, NaN];
  checkRange(op, 'translate[0]', a, 0, 1);
  checkRange(op, 'translate[1]', b, 0, 1);
  const fill = options.fill ?? 0;
  return perImagePlanes(
    op,
    (rng, h, w) => {
      const tx = Math.round(rng.uniform(-a * w, a * w));
      return { tx, ty: Math.round(rng.uniform(-b * h, b * h)) };
    },
    (src, dst, k, h, w, { tx, ty }) => shiftCopy(src, dst, k, k, h, w, h, w, -ty, -tx, 'constant', fill),
  );
}
