import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend, MatmulEpilogue, MatmulParams } from '../backend/backend.js';
import { epilogueCode, planMatmul } from '../reference/matmul.js';
import { checkBuf, checkMatrix } from './checks.js';
import { DescentError } from '../errors.js';

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

/** One part per thread from the pool's measured threshold on; small products stay on the caller. */
function matmulParts(core: Core, macs: number): number {
  const pool = core.pool;
  return pool && macs >= pool.thresholds.matmulMacs ? pool.size : 1;
}

/**
 * out[b] = op(A[b]) · op(B[b]) (+ bias), see `Backend.matmul`. Both operands are packed into
 * the reusable scratch, so AᵀB and ABᵀ cost the same as AB.
 */
export function matmulKernels(core: Core): Pick<Backend<F32Buffer>, 'matmul' | 'matmulAccumulate' | 'sumRowsAccumulate'> {
  const run = (a: F32Buffer, b: F32Buffer, out: F32Buffer | null, p: MatmulParams, bias: F32Buffer | undefined, kernel: string, epilogue?: MatmulEpilogue<F32Buffer>): F32Buffer => {
    checkBuf(core, a, kernel, 'a');
    checkBuf(core, b, kernel, 'b');
    if (bias !== undefined) checkBuf(core, bias, kernel, 'bias');
    const q = planMatmul(p, a.length, b.length, bias?.length);
    if (out) {
      checkBuf(core, out, kernel, 'out');
      if (out.length !== q.batch * q.m * q.n) {
        throw new DescentError('shape', `${kernel}: out has ${out.length} elements but batch ${q.batch} × m ${q.m} × n ${q.n} needs ${q.batch * q.m * q.n}`);
      }
      if (out.overlaps(a) || out.overlaps(b)) throw new DescentError('alias', `${kernel}: out must not overlap the operands`);
    }
    const epi = epilogueCode(epilogue, q.batch * q.m * q.n);
    if (epilogue?.kind === 'maskPositive') checkBuf(core, epilogue.mask, kernel, 'epilogue mask');
    const parts = matmulParts(core, q.batch * q.m * q.k * q.n);
    const scratch = scratchFor(core, core.exports.matmulScratchSize(q.m, q.k, q.n) * parts);
    const dst = out ?? core.allocUninit(q.batch * q.m * q.n, kernel);
    const biasPtr = bias ? bias.ptr : 0;
    const maskPtr = epilogue?.kind === 'maskPositive' ? epilogue.mask.ptr : 0;
    const acc = out ? 1 : 0;
    if (parts > 1) {
      const args = [a.ptr, b.ptr, dst.ptr, biasPtr, q.m, q.k, q.n, q.transA ? 1 : 0, q.transB ? 1 : 0, q.batch, q.aStride, q.bStride, scratch.ptr, acc, epi, maskPtr] as const;
      core.pool!.run('matmul', args, parts, { kind: 'parts' });
    } else {
      // one direct call: no argument array or spread on the single-thread path (every training step)
      core.exports.matmul(a.ptr, b.ptr, dst.ptr, biasPtr, q.m, q.k, q.n, q.transA ? 1 : 0, q.transB ? 1 : 0, q.batch, q.aStride, q.bStride, scratch.ptr, acc, epi, maskPtr, 0, 1);
    }
    return dst;
  };
  return {
    matmul: (a, b, p, bias, epilogue) => run(a, b, null, p, bias, 'matmul', epilogue),
    matmulAccumulate(out, a, b, p) {
      run(a, b, out, p, undefined, 'matmulAccumulate');
    },
    sumRowsAccumulate(out, x, rows, cols) {
      checkBuf(core, out, 'sumRowsAccumulate', 'out');
      checkBuf(core, x, 'sumRowsAccumulate', 'x');
      checkMatrix(x.length, rows, cols, 'sumRowsAccumulate', 'x');
      if (out.length !== cols) throw new DescentError('shape', `sumRowsAccumulate: out has ${out.length} elements, x [rows ${rows}, cols ${cols}] needs ${cols}`);
      if (out.overlaps(x)) throw new DescentError('alias', 'sumRowsAccumulate: out must not overlap x');
      core.exports.sumRowsAccumulateF32(x.ptr, out.ptr, rows, cols);
    },
  };
}

