import type { Backend } from '../backend/backend.js';
import { checkBounds, checkScalar } from '../kernels/clip.js';

/** The f64 twins of the clipping helpers. */
export function clipReference(): Pick<Backend<Float64Array>, 'sumOfSquares' | 'scaleInPlace' | 'clipInPlace'> {
  return {
    sumOfSquares(x) {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
      return s;
    },
    scaleInPlace(x, s) {
      checkScalar('scaleInPlace', 's', s);
      for (let i = 0; i < x.length; i++) x[i] = x[i]! * s;
    },
    clipInPlace(x, lo, hi) {
      checkBounds(lo, hi);
      for (let i = 0; i < x.length; i++) x[i] = Math.min(Math.max(x[i]!, lo), hi);
    },
  };
}
