import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend, MatmulParams } from '../backend/backend.js';
import { planMatmul } from '../reference/matmul.js';
import { checkBuf } from './checks.js';

/** Kept for callers that imported the check from here first; the check lives in checks.ts. */
export { checkBuf as checkBuffer } from './checks.js';

/**
 * One packing scratch region per core, grown to the largest problem seen and reused by every
 * call, so repeated training steps never allocate for packing.
 */
const scratchByCore = new WeakMap<Core, F32Buffer>();

function scratchFor(core: Core, floats: number): F32Buffer {
  const have = scratchByCore.get(core);
  if (have && have.isAlive && have.length >= floats) return have;
  have?.free();
  const buf = core.keep(core.allocUninit(floats, 'matmul scratch'));
  scratchByCore.set(core, buf);
  return buf;
}

/** Floats of packing scratch currently held by `core` (0 before the first matmul). */
export function matmulScratchLength(core: Core): number {
  return scratchByCore.get(core)?.length ?? 0;
}

/**
 * out[b] = op(A[b]) · op(B[b]) (+ bias), see `Backend.matmul`. Both operands are packed into
 * the reusable scratch, so AᵀB and ABᵀ cost the same as AB.
 */
export function matmulKernels(core: Core): Pick<Backend<F32Buffer>, 'matmul'> {
  return {
    matmul(a: F32Buffer, b: F32Buffer, p: MatmulParams, bias?: F32Buffer): F32Buffer {
      checkBuf(core, a, 'matmul', 'a');
      checkBuf(core, b, 'matmul', 'b');
      if (bias !== undefined) checkBuf(core, bias, 'matmul', 'bias');
      const q = planMatmul(p, a.length, b.length, bias?.length);
      const scratch = scratchFor(core, core.exports.matmulScratchSize(q.m, q.k, q.n));
      const out = core.allocUninit(q.batch * q.m * q.n, 'matmul');
      core.exports.matmul(
        a.ptr,
        b.ptr,
        out.ptr,
        bias ? bias.ptr : 0,
        q.m,
        q.k,
        q.n,
        q.transA ? 1 : 0,
        q.transB ? 1 : 0,
        q.batch,
        q.aStride,
        q.bStride,
        scratch.ptr,
      );
      return out;
    },
  };
}
