import { DescentError } from '../errors.js';
import { parallelExports } from './parallel.js';
import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend, BinaryOp, CompareOp, Shape, UnaryOp } from '../backend/backend.js';
import { broadcastShapes, broadcastStrides, broadcastsTo, checkShape, formatShape, sameShape, size } from '../shape.js';
import { checkBuf, checkSameLength, checkTensor } from './checks.js';
import { BINARY_CODES, COMPARE_CODES, COPY_CODE, UNARY_CODES, checkNotNaN, opCode, unaryParams } from './op-codes.js';
import { collapseBroadcast } from './plan.js';
import { reduceRunner } from './reduce.js';
import { scratchFor } from './scratch.js';

export type ElementwiseOps = 'unary' | 'unaryBackward' | 'binary' | 'binaryScalar' | 'compare' | 'where' | 'broadcastTo' | 'sumToShape';

const names = <K extends string>(prefix: string, table: Readonly<Record<K, number>>): Record<string, string> =>
  Object.fromEntries(Object.keys(table).map((k) => [k, `${prefix}(${k})`]));
const UNARY_NAMES = names('unary', UNARY_CODES);
const UNARY_BACK_NAMES = names('unaryBackward', UNARY_CODES);
const BINARY_NAMES = names('binary', BINARY_CODES);
const SCALAR_NAMES = names('binaryScalar', BINARY_CODES);
const COMPARE_NAMES = names('compare', COMPARE_CODES);

/**
 * Elementwise methods of the WASM backend. Equal shapes and scalar operands run one SIMD row;
 * other broadcasts collapse to few axes (see plan.ts) whose inner run is a SIMD row.
 */
export function elementwiseKernels(core: Core): Pick<Backend<F32Buffer>, ElementwiseOps> {
  const ex = parallelExports(core);
  const scratch = scratchFor(core);
  const sumAxes = reduceRunner(core);

  function broadcastBinary(code: number, name: string, a: F32Buffer, aShape: Shape, b: F32Buffer, bShape: Shape): F32Buffer {
    checkTensor(core, a, aShape, name, 'a');
    checkTensor(core, b, bShape, name, 'b');
    if (sameShape(aShape, bShape)) {
      const out = core.allocUninit(a.length, name);
      if (a.length > 0) ex.binaryRow(code, a.ptr, 1, b.ptr, 1, out.ptr, a.length);
      return out;
    }
    const outShape = broadcastShapes(aShape, bShape, name);
    const n = size(outShape);
    const out = core.allocUninit(n, name);
    if (n === 0) return out;
    if (a.length === n && b.length === 1) ex.binaryRow(code, a.ptr, 1, b.ptr, 0, out.ptr, n);
    else if (b.length === n && a.length === 1) ex.binaryRow(code, a.ptr, 0, b.ptr, 1, out.ptr, n);
    else stridedBinary(code, a, broadcastStrides(aShape, outShape), b, broadcastStrides(bShape, outShape), out, outShape);
    return out;
  }

  function stridedBinary(code: number, a: F32Buffer, as: number[], b: F32Buffer, bs: number[], out: F32Buffer, outShape: Shape): void {
    const { dims, strides } = collapseBroadcast(outShape, [as, bs]);
    const rank = dims.length;
    const sa = strides[0]!;
    const sb = strides[1]!;
    if (rank === 1) {
      ex.binaryRow(code, a.ptr, sa[0]!, b.ptr, sb[0]!, out.ptr, dims[0]!);
      return;
    }
    const meta = scratch.reserve(16 * rank);
    scratch.writeInts(meta, dims);
    scratch.writeInts(meta + 4 * rank, sa);
    scratch.writeInts(meta + 8 * rank, sb);
    ex.binaryStrided(code, a.ptr, b.ptr, out.ptr, rank, meta);
  }

  return {
    unary(op: UnaryOp, x, params) {
      const code = opCode(UNARY_CODES, op, 'unary');
      const name = UNARY_NAMES[op]!;
      const [p0, p1] = unaryParams(op, params, name);
      checkBuf(core, x, name, 'x');
      const out = core.allocUninit(x.length, name);
      if (x.length > 0) ex.unaryF32(code, x.ptr, out.ptr, x.length, p0, p1);
      return out;
    },
    unaryBackward(op: UnaryOp, x, y, dy, params) {
      const code = opCode(UNARY_CODES, op, 'unaryBackward');
      const name = UNARY_BACK_NAMES[op]!;
      const [p0, p1] = unaryParams(op, params, name);
      checkBuf(core, x, name, 'x');
      checkBuf(core, y, name, 'y');
      checkBuf(core, dy, name, 'dy');
      checkSameLength(name, ['x', 'y', 'dy'], [x.length, y.length, dy.length]);
      const out = core.allocUninit(x.length, name);
      if (x.length > 0) ex.unaryBackwardF32(code, x.ptr, y.ptr, dy.ptr, out.ptr, x.length, p0, p1);
      return out;
    },
    binary(op: BinaryOp, a, aShape, b, bShape) {
      const code = opCode(BINARY_CODES, op, 'binary');
      return broadcastBinary(code, BINARY_NAMES[op]!, a, aShape, b, bShape);
    },
    binaryScalar(op: BinaryOp, x, s, scalarFirst = false) {
      const code = opCode(BINARY_CODES, op, 'binaryScalar');
      const name = SCALAR_NAMES[op]!;
      checkBuf(core, x, name, 'x');
      checkNotNaN(s, name, 'scalar');
      const out = core.allocUninit(x.length, name);
      if (x.length > 0) ex.binaryScalarF32(code, x.ptr, s, scratch.reserve(16), out.ptr, x.length, scalarFirst ? 1 : 0);
      return out;
    },
    compare(op: CompareOp, a, aShape, b, bShape) {
      const code = opCode(COMPARE_CODES, op, 'compare');
      return broadcastBinary(code, COMPARE_NAMES[op]!, a, aShape, b, bShape);
    },
    where(cond, condShape, a, aShape, b, bShape) {
      checkTensor(core, cond, condShape, 'where', 'cond');
      checkTensor(core, a, aShape, 'where', 'a');
      checkTensor(core, b, bShape, 'where', 'b');
      const outShape = sameShape(aShape, bShape) && sameShape(condShape, aShape) ? aShape : whereShape(condShape, aShape, bShape);
      const n = size(outShape);
      const out = core.allocUninit(n, 'where');
      if (n === 0) return out;
      const { dims, strides } = collapseBroadcast(outShape, [
        broadcastStrides(condShape, outShape),
        broadcastStrides(aShape, outShape),
        broadcastStrides(bShape, outShape),
      ]);
      const rank = dims.length;
      const meta = scratch.reserve(20 * rank);
      scratch.writeInts(meta, dims);
      for (let k = 0; k < 3; k++) scratch.writeInts(meta + 4 * rank * (k + 1), strides[k]!);
      ex.whereStrided(cond.ptr, a.ptr, b.ptr, out.ptr, rank, meta);
      return out;
    },
    broadcastTo(x, from, to) {
      checkTensor(core, x, from, 'broadcastTo', 'x');
      checkShape(to, 'broadcastTo', 'target shape');
      if (!broadcastsTo(from, to)) {
        throw new DescentError('shape', `broadcastTo: shape ${formatShape(from)} cannot be broadcast to ${formatShape(to)}`);
      }
      const n = size(to);
      const out = core.allocUninit(n, 'broadcastTo');
      if (n === 0) return out;
      if (x.length === n) ex.copy(x.ptr, out.ptr, n);
      else {
        const s = broadcastStrides(from, to);
        stridedBinary(COPY_CODE, x, s, x, s, out, to);
      }
      return out;
    },
    sumToShape(x, from, to) {
      checkTensor(core, x, from, 'sumToShape', 'x');
      checkShape(to, 'sumToShape', 'target shape');
      if (!broadcastsTo(to, from)) {
        throw new DescentError('shape', `sumToShape: shape ${formatShape(from)} cannot be summed to ${formatShape(to)} (${formatShape(to)} does not broadcast to it)`);
      }
      const off = from.length - to.length;
      const axes: number[] = [];
      for (let i = 0; i < from.length; i++) if (i < off || (to[i - off] === 1 && from[i] !== 1)) axes.push(i);
      return sumAxes('sum', x, from, axes, 0, 'sumToShape');
    },
  };
}

function whereShape(c: Shape, a: Shape, b: Shape): number[] {
  try {
    return broadcastShapes(broadcastShapes(c, a, 'where'), b, 'where');
  } catch {
    throw new DescentError('shape', `where: shapes cond ${formatShape(c)}, a ${formatShape(a)}, b ${formatShape(b)} do not broadcast together`);
  }
}
