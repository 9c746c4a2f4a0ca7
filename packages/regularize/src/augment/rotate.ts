import { DescentError, portableCos, portableSin } from '@descent/optim-wasm';
import type { BatchTransform } from './compose.js';
import { perImagePlanes } from './per-image.js';

/** Options of `randomRotation` (torchvision RandomRotation). */
export interface RandomRotationOptions {
  /** Angles are drawn from U(−degrees, degrees) per image (counter-clockwise positive). */
  degrees: number;
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: 'bilinear' | 'nearest';
  /** Value outside the source image (default 0). */
  fill?: number;
}

/** Source value at (sy, sx), `fill` outside [0, h) × [0, w). */
function at(src: Float64Array, base: number, h: number, w: number, sy: number, sx: number, fill: number): number {
  return sy >= 0 && sy < h && sx >= 0 && sx < w ? src[base + sy * w + sx]! : fill;
}

/** Rotate one plane by θ about its centre ((W−1)/2, (H−1)/2) by inverse mapping. */
export function rotatePlane(src: Float64Array, dst: Float64Array, base: number, h: number, w: number, theta: number, bilinear: boolean, fill: number): void {
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const cos = portableCos(theta);
  const sin = portableSin(theta);
  for (let oy = 0; oy < h; oy++) {
    for (let ox = 0; ox < w; ox++) {
      const dx = ox - cx;
      const dy = oy - cy;
      // inverse rotation (y points down): source = R(−θ)·(output − c) + c
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      let v: number;
      if (!bilinear) {
        v = at(src, base, h, w, Math.round(sy), Math.round(sx), fill);
      } else {
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        v =
          (1 - fy) * ((1 - fx) * at(src, base, h, w, y0, x0, fill) + fx * at(src, base, h, w, y0, x0 + 1, fill)) +
          fy * ((1 - fx) * at(src, base, h, w, y0 + 1, x0, fill) + fx * at(src, base, h, w, y0 + 1, x0 + 1, fill));
      }
      dst[base + oy * w + ox] = v;
    }
  }
}

/**
 * Small random rotations of an NCHW batch: θ ~ U(−degrees, degrees) per image (same for all its
 * channels), counter-clockwise for positive θ, about the centre ((W−1)/2, (H−1)/2). Each output
 * pixel p reads the source at s = R(−θ)(p − c) + c: 'bilinear' blends the 4 neighbours
 * (neighbours outside the image count as `fill`, so borders fade), 'nearest' rounds s.
 *
 * @example randomRotation({ degrees: 15 })(batch, rng)
 */
export function randomRotation(options: RandomRotationOptions): BatchTransform {
  const op = 'randomRotation';
  const deg = options.degrees;
  if (!(Number.isFinite(deg) && deg >= 0 && deg <= 180)) throw new DescentError('value', `${op}: degrees must be in [0, 180], got ${deg}`);
  const interp = options.interpolation ?? 'bilinear';
  if (interp !== 'bilinear' && interp !== 'nearest') throw new DescentError('value', `${op}: interpolation must be 'bilinear' or 'nearest', got '${String(interp)}'`);
  const fill = options.fill ?? 0;
  return perImagePlanes(
    op,
    (rng) => (rng.uniform(-deg, deg) * Math.PI) / 180,
    (src, dst, base, h, w, theta) => rotatePlane(src, dst, base, h, w, theta, interp === 'bilinear', fill),
  );
}
