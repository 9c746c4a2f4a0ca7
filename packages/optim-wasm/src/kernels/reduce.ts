import { DescentError } from '../errors.js';
import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend, ReduceOp, Shape } from '../backend/backend.js';
import { formatShape } from '../shape.js';
import { checkTensor } from './checks.js';
import { collapseReduce } from './plan.js';
import { scratchFor } from './scratch.js';

export type ReduceOps = 'reduce' | 'argReduce';

// assembly/reduce.ts accumulate ops and finish modes
const SUM = 0;
const MAX = 1;
const MIN = 2;
const SQDEV = 3;
const EXPDEV = 4;
const FINISH_SCALE = 0;
const FINISH_SHIFT = 1;
const FINISH_LSE = 2;
/** Outputs up to this many keep their f64 accumulators in the per-core scratch. */
const SCRATCH_ACC = 1 << 15;

/** Throw unless axes are sorted, unique, in-range integers (the backend contract). */
export function checkAxes(axes: readonly number[], rank: number, kernel: string): void {
  if (!Array.isArray(axes)) throw new DescentError('shape', `${kernel}: axes must be an array, got ${String(axes)}`);
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i]!;
    if (!Number.isInteger(a) || a < 0 || a >= rank || (i > 0 && a <= axes[i - 1]!)) {
      throw new DescentError('shape', `${kernel}: axes [${axes.join(', ')}] must be sorted, unique and in [0, ${rank}) for rank ${rank}`);
    }
  }
}

export type ReduceRunner = (op: ReduceOp, x: F32Buffer, shape: Shape, axes: readonly number[], correction: number, kernel: string) => F32Buffer;

/** The checked reduction shared by `reduce` and `sumToShape`. */
export function reduceRunner(core: Core): ReduceRunner {
  const ex = core.exports;
  const scratch = scratchFor(core);

  return (op, x, shape, axes, correction, kernel) => {
    checkTensor(core, x, shape, kernel, 'x');
    checkAxes(axes, shape.length, kernel);
    let outN = 1;
    for (let i = 0; i < shape.length; i++) if (!axes.includes(i)) outN *= shape[i]!;
    const { dims, outStrides, count } = collapseReduce(shape, axes);
    if (count === 0 && outN > 0 && (op === 'max' || op === 'min')) {
      throw new DescentError('shape', `${kernel}: ${op} over axes [${axes.join(', ')}] of shape ${formatShape(shape)} reduces an empty set`);
    }
    const out = core.allocUninit(outN, kernel);
    if (outN === 0) return out;
    if (count === 0) {
      ex.fill(out.ptr, outN, op === 'sum' ? 0 : op === 'logsumexp' ? -Infinity : NaN);
      return out;
    }
    const rank = dims.length;
    const metaBytes = 16 * Math.ceil((12 * rank) / 16);
    const big = outN > SCRATCH_ACC;
    const base = scratch.reserve(metaBytes + (big ? 0 : 8 * outN));
    const accTemp = big ? core.allocUninit(2 * outN, kernel) : undefined;
    const acc = accTemp ? accTemp.ptr : base + metaBytes;
    scratch.writeInts(base, dims);
    scratch.writeInts(base + 4 * rank, outStrides);
    const pass = (acOp: number, init: number, ref: number) => {
      ex.reduceInit(acc, outN, init);
      ex.reduceAccumulate(acOp, x.ptr, acc, ref, rank, base);
    };
    let temp: F32Buffer | undefined;
    try {
      switch (op) {
        case 'sum':
        case 'mean':
          pass(SUM, 0, 0);
          ex.reduceFinish(FINISH_SCALE, acc, 0, out.ptr, outN, op === 'mean' ? 1 / count : 1);
          break;
        case 'max':
        case 'min':
          pass(op === 'max' ? MAX : MIN, op === 'max' ? -Infinity : Infinity, 0);
          ex.reduceFinish(FINISH_SCALE, acc, 0, out.ptr, outN, 1);
          break;
        case 'var':
          // Two passes: the mean, then Σ (x − mean)² / max(0, N − correction).
          temp = core.allocUninit(outN, kernel);
          pass(SUM, 0, 0);
          ex.reduceFinish(FINISH_SCALE, acc, 0, temp.ptr, outN, 1 / count);
          pass(SQDEV, 0, temp.ptr);
          ex.reduceFinish(FINISH_SCALE, acc, 0, out.ptr, outN, 1 / Math.max(0, count - correction));
          break;
        case 'logsumexp':
          // m = max (±∞ → 0, as PyTorch), then m + ln Σ e^{x − m}.
          temp = core.allocUninit(outN, kernel);
          pass(MAX, -Infinity, 0);
          ex.reduceFinish(FINISH_SHIFT, acc, 0, temp.ptr, outN, 1);
          pass(EXPDEV, 0, temp.ptr);
          ex.reduceFinish(FINISH_LSE, acc, temp.ptr, out.ptr, outN, 1);
          break;
        default:
          throw new DescentError('op', `${kernel}: unknown op '${String(op)}' (expected sum, mean, max, min, logsumexp or var)`);
      }
    } finally {
      temp?.free();
      accTemp?.free();
    }
    return out;
  };
}

/** The kernel names errors use, made once (not a template string per call). */
const REDUCE_KERNEL_NAMES: Partial<Record<string, string>> = { sum: 'reduce(sum)', mean: 'reduce(mean)', max: 'reduce(max)', min: 'reduce(min)', logsumexp: 'reduce(logsumexp)', var: 'reduce(var)' };

/** Reductions of the WASM backend: f64 accumulators, max-shifted logsumexp, two-pass var. */
export function reduceKernels(core: Core): Pick<Backend<F32Buffer>, ReduceOps> {
  const run = reduceRunner(core);
  return {
    reduce(op, x, shape, axes, params) {
      const correction = params?.correction ?? 1;
      if (!Number.isFinite(correction)) throw new DescentError('param', `reduce(var): correction must be finite, got ${correction}`);
      return run(op, x, shape, axes, correction, REDUCE_KERNEL_NAMES[op] ?? `reduce(${String(op)})`);
    },
    argReduce(op, x, shape, axis) {
      const kernel = `argReduce(${op})`;
      if (op !== 'argmax' && op !== 'argmin') throw new DescentError('op', `argReduce: unknown op '${String(op)}' (expected argmax or argmin)`);
      checkTensor(core, x, shape, kernel, 'x');
      const rank = Math.max(shape.length, 1);
      if (!Number.isInteger(axis) || axis < 0 || axis >= rank) {
        throw new DescentError('shape', `${kernel}: axis ${axis} is out of range for shape ${formatShape(shape)}`);
      }
      const len = shape[axis] ?? 1;
      let outer = 1;
      let inner = 1;
      for (let i = 0; i < shape.length; i++) {
        if (i < axis) outer *= shape[i]!;
        else if (i > axis) inner *= shape[i]!;
      }
      const n = outer * inner;
      if (len === 0 && n > 0) throw new DescentError('shape', `${kernel}: axis ${axis} of shape ${formatShape(shape)} is empty`);
      if (n === 0) return new Int32Array(0);
      const tmp = core.allocUninit(n, kernel);
      try {
        core.exports.argReduceF32(op === 'argmin' ? 1 : 0, x.ptr, tmp.ptr, outer, len, inner);
        return new Int32Array(core.memory.buffer, tmp.ptr, n).slice();
      } finally {
        tmp.free();
      }
    },
  };
}
