import { DescentError } from '../errors.js';
import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend } from '../backend/backend.js';
import { checkBuf, checkMatrix } from './checks.js';
import { scratchFor } from './scratch.js';

export type SoftmaxOps = 'softmax' | 'logSoftmax' | 'softmaxBackward' | 'logSoftmaxBackward' | 'softmaxCrossEntropy';

/** Check integer class targets: one per row, each in [0, cols). */
export function checkTargets(targets: Int32Array, rows: number, cols: number, kernel: string): void {
  if (!(targets instanceof Int32Array)) throw new DescentError('type', `${kernel}: targets must be an Int32Array, got ${String(targets)}`);
  if (targets.length !== rows) throw new DescentError('shape', `${kernel}: ${targets.length} targets for ${rows} rows`);
  for (let i = 0; i < rows; i++) {
    const t = targets[i]!;
    if (t < 0 || t >= cols) throw new DescentError('index', `${kernel}: target ${t} at row ${i} is out of range for ${cols} classes`);
  }
}

export function checkLabelSmoothing(eps: number, kernel: string): void {
  if (!(eps >= 0 && eps <= 1)) throw new DescentError('param', `${kernel}: labelSmoothing must be in [0, 1], got ${eps}`);
}

/** Softmax family of the WASM backend: rows of a contiguous [rows, cols] matrix. */
export function softmaxKernels(core: Core): Pick<Backend<F32Buffer>, SoftmaxOps> {
  const ex = core.exports;
  const scratch = scratchFor(core);

  function forward(kernel: string, x: F32Buffer, rows: number, cols: number, log: boolean): F32Buffer {
    checkBuf(core, x, kernel, 'x');
    checkMatrix(x.length, rows, cols, kernel, 'x');
    const out = core.allocUninit(x.length, kernel);
    if (x.length > 0) (log ? ex.logSoftmaxF32 : ex.softmaxF32)(x.ptr, out.ptr, rows, cols);
    return out;
  }

  function backward(kernel: string, y: F32Buffer, dy: F32Buffer, rows: number, cols: number, log: boolean): F32Buffer {
    checkBuf(core, y, kernel, 'y');
    checkBuf(core, dy, kernel, 'dy');
    checkMatrix(y.length, rows, cols, kernel, 'y');
    checkMatrix(dy.length, rows, cols, kernel, 'dy');
    const out = core.allocUninit(y.length, kernel);
    if (y.length > 0) (log ? ex.logSoftmaxBackwardF32 : ex.softmaxBackwardF32)(y.ptr, dy.ptr, out.ptr, rows, cols);
    return out;
  }

  return {
    softmax: (x, rows, cols) => forward('softmax', x, rows, cols, false),
    logSoftmax: (x, rows, cols) => forward('logSoftmax', x, rows, cols, true),
    softmaxBackward: (y, dy, rows, cols) => backward('softmaxBackward', y, dy, rows, cols, false),
    logSoftmaxBackward: (y, dy, rows, cols) => backward('logSoftmaxBackward', y, dy, rows, cols, true),
    softmaxCrossEntropy(logits, targets, rows, cols, labelSmoothing) {
      const kernel = 'softmaxCrossEntropy';
      checkBuf(core, logits, kernel, 'logits');
      checkMatrix(logits.length, rows, cols, kernel, 'logits');
      if (rows > 0 && cols === 0) throw new DescentError('shape', `${kernel}: needs at least one class, got cols 0`);
      checkTargets(targets, rows, cols, kernel);
      checkLabelSmoothing(labelSmoothing, kernel);
      const loss = core.allocUninit(rows, kernel);
      const grad = core.allocUninit(logits.length, kernel);
      if (rows === 0) return { loss, grad };
      // the targets go through the per-core scratch (no region or view allocated per call)
      const t = scratch.reserve(4 * rows);
      scratch.i32().set(targets, t >> 2);
      ex.softmaxCrossEntropyF32(logits.ptr, t, loss.ptr, grad.ptr, rows, cols, labelSmoothing);
      return { loss, grad };
    },
  };
}
