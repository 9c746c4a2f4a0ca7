import { DescentError } from '../errors.js';
import { parallelExports } from './parallel.js';
import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend } from '../backend/backend.js';
import { checkBuf } from './checks.js';

type ClipOps = 'sumOfSquares' | 'scaleInPlace' | 'clipInPlace';

/** The clipping helpers of the Backend contract on WASM (assembly/clip.ts). */
export function clipKernels(core: Core): Pick<Backend<F32Buffer>, ClipOps> {
  const ex = parallelExports(core);
  return {
    /** Σ x², accumulated in f64. */
    sumOfSquares(x) {
      checkBuf(core, x, 'sumOfSquares', 'x');
      return ex.sumOfSquares(x.ptr, x.length);
    },
    /** x ← s·x */
    scaleInPlace(x, s) {
      checkBuf(core, x, 'scaleInPlace', 'x');
      checkScalar('scaleInPlace', 's', s);
      ex.scaleInPlace(x.ptr, x.length, s);
    },
    /** x ← min(max(x, lo), hi) */
    clipInPlace(x, lo, hi) {
      checkBuf(core, x, 'clipInPlace', 'x');
      checkBounds(lo, hi);
      ex.clipInPlace(x.ptr, x.length, lo, hi);
    },
  };
}

export function checkScalar(op: string, field: string, v: number): void {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new DescentError('arg', `${op}: ${field} must be a number, got ${String(v)}`);
}

export function checkBounds(lo: number, hi: number): void {
  checkScalar('clipInPlace', 'lo', lo);
  checkScalar('clipInPlace', 'hi', hi);
  if (lo > hi) throw new DescentError('arg', `clipInPlace: lo (${lo}) must be <= hi (${hi})`);
}
