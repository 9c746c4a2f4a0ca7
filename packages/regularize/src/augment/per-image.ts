import type { Rng } from '@descent/optim-wasm';
import { nchw, unwrap, wrapLike, type Batch } from '../batch.js';
import type { BatchTransform } from './compose.js';

/**
 * A same-shape transform of an NCHW batch that draws one parameter per image, in image order,
 * and applies it to each channel plane: `draw(rng, h, w)` once per image, then
 * `plane(src, dst, base, h, w, param)` for every channel, with `base` the plane's first index in
 * both `src` and `dst` (the new batch starts at zeros).
 */
export function perImagePlanes<P>(
  op: string,
  draw: (rng: Rng, h: number, w: number) => P,
  plane: (src: Float64Array, dst: Float64Array, base: number, h: number, w: number, param: P) => void,
): BatchTransform {
  return <B extends Batch>(x: B, rng: Rng): B => {
    const u = unwrap(op, x);
    const [n, c, h, w] = nchw(op, u.shape);
    const out = new Float64Array(u.data.length);
    for (let i = 0; i < n; i++) {
      const param = draw(rng, h, w);
      for (let ch = 0; ch < c; ch++) plane(u.data, out, (i * c + ch) * h * w, h, w, param);
    }
    return wrapLike(x, out, u.shape);
  };
}
