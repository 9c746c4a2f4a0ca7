import { DescentError } from '../errors.js';
import type { Backend, BinaryOp, CompareOp, Shape, UnaryOp } from '../backend/backend.js';
import { broadcastShapes, broadcastStrides, broadcastsTo, checkLength, checkShape, formatShape, size } from '../shape.js';
import { checkNotNaN, unaryParams } from '../kernels/op-codes.js';
import type { ElementwiseOps } from '../kernels/elementwise.js';
import { normalCdf } from './special.js';
import { referenceReduce } from './reduce.js';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const sign = (x: number) => (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

type Unary = (x: number, p0: number, p1: number) => number;
type UnaryBack = (x: number, y: number, dy: number, p0: number, p1: number) => number;

/** y = op(x); p0/p1 are the op's parameters (see unaryParams). */
const FORWARD: Record<UnaryOp, Unary> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  tanh: (x) => Math.tanh(x),
  sigmoid,
  relu: (x) => Math.max(x, 0),
  leakyRelu: (x, alpha) => (x > 0 ? x : alpha * x),
  elu: (x, alpha) => (x > 0 ? x : alpha * Math.expm1(x)),
  gelu: (x) => x * normalCdf(x),
  geluTanh: (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x ** 3))),
  // (1/β)·ln(1 + e^{βx}), written as max(z,0) + ln(1 + e^{−|z|}) so it cannot overflow
  softplus: (x, beta, threshold) => {
    const z = beta * x;
    return z > threshold ? x : (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / beta;
  },
  clamp: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
  sign,
  powScalar: (x, p) => Math.pow(x, p),
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
};

/** dL/dx = dy · dy/dx, with PyTorch's subgradients: relu'(0) = 0, abs'(0) = 0, clamp inclusive. */
const BACKWARD: Record<UnaryOp, UnaryBack> = {
  neg: (_x, _y, dy) => -dy,
  abs: (x, _y, dy) => dy * sign(x),
  exp: (_x, y, dy) => dy * y,
  log: (x, _y, dy) => dy / x,
  sqrt: (_x, y, dy) => dy / (2 * y),
  square: (x, _y, dy) => dy * 2 * x,
  reciprocal: (_x, y, dy) => -dy * y * y,
  tanh: (_x, y, dy) => dy * (1 - y * y),
  sigmoid: (_x, y, dy) => dy * y * (1 - y),
  relu: (x, _y, dy) => (x > 0 ? dy : 0),
  leakyRelu: (x, _y, dy, alpha) => (x > 0 ? dy : alpha * dy),
  elu: (x, _y, dy, alpha) => (x > 0 ? dy : dy * alpha * Math.exp(x)),
  gelu: (x, _y, dy) => dy * (normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x)),
  geluTanh: (x, _y, dy) => {
    const t = Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x ** 3));
    return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x));
  },
  softplus: (x, _y, dy, beta, threshold) => (beta * x > threshold ? dy : dy * sigmoid(beta * x)),
  clamp: (x, _y, dy, lo, hi) => (x >= lo && x <= hi ? dy : 0),
  sign: () => 0,
  powScalar: (x, _y, dy, p) => (p === 0 ? 0 : dy * p * Math.pow(x, p - 1)),
  sin: (x, _y, dy) => dy * Math.cos(x),
  cos: (x, _y, dy) => -dy * Math.sin(x),
};

const BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => (b === 0 || a === 1 ? 1 : Math.pow(a, b)),
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
};

const COMPARE: Record<CompareOp, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

function lookup<T>(table: Record<string, T>, op: string, kernel: string): T {
  if (!Object.prototype.hasOwnProperty.call(table, op)) {
    throw new DescentError('op', `${kernel}: unknown op '${op}' (expected one of ${Object.keys(table).join(', ')})`);
  }
  return table[op]!;
}

function checkTensor(x: Float64Array, shape: Shape, kernel: string, field: string): void {
  if (!(x instanceof Float64Array)) throw new DescentError('type', `${kernel}: ${field} must be a Float64Array`);
  checkShape(shape, kernel, `${field} shape`);
  checkLength(x.length, shape, kernel, field);
}

/**
 * out[i] = f(inputs at i) over the broadcast of every input shape to `outShape`: each input
 * is read through its broadcast strides (0 on broadcast axes).
 */
function mapBroadcast(outShape: Shape, inputs: readonly { data: Float64Array; shape: Shape }[], f: (v: number[]) => number): Float64Array {
  const n = size(outShape);
  const out = new Float64Array(n);
  const rank = outShape.length;
  const st = inputs.map((t) => broadcastStrides(t.shape, outShape));
  const index = new Array<number>(rank).fill(0);
  const vals = new Array<number>(inputs.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < inputs.length; k++) {
      let off = 0;
      for (let d = 0; d < rank; d++) off += index[d]! * st[k]![d]!;
      vals[k] = inputs[k]!.data[off]!;
    }
    out[i] = f(vals);
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < outShape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

/** Elementwise methods of the f64 reference backend. */
export function elementwiseReference(): Pick<Backend<Float64Array>, ElementwiseOps> {
  return {
    unary(op, x, params) {
      const f = lookup(FORWARD, op, 'unary');
      const [p0, p1] = unaryParams(op, params, `unary(${op})`);
      return x.map((v) => f(v, p0, p1));
    },
    unaryBackward(op, x, y, dy, params) {
      const f = lookup(BACKWARD, op, 'unaryBackward');
      const [p0, p1] = unaryParams(op, params, `unaryBackward(${op})`);
      if (x.length !== y.length || x.length !== dy.length) {
        throw new DescentError('shape', `unaryBackward(${op}): x has ${x.length}, y has ${y.length}, dy has ${dy.length} elements; they must be equal`);
      }
      return x.map((v, i) => f(v, y[i]!, dy[i]!, p0, p1));
    },
    binary(op, a, aShape, b, bShape) {
      const f = lookup(BINARY, op, 'binary');
      checkTensor(a, aShape, `binary(${op})`, 'a');
      checkTensor(b, bShape, `binary(${op})`, 'b');
      const outShape = broadcastShapes(aShape, bShape, `binary(${op})`);
      return mapBroadcast(outShape, [{ data: a, shape: aShape }, { data: b, shape: bShape }], ([u, v]) => f(u!, v!));
    },
    binaryScalar(op, x, s, scalarFirst = false) {
      const f = lookup(BINARY, op, 'binaryScalar');
      checkNotNaN(s, `binaryScalar(${op})`, 'scalar');
      return x.map((v) => (scalarFirst ? f(s, v) : f(v, s)));
    },
    compare(op, a, aShape, b, bShape) {
      const f = lookup(COMPARE, op, 'compare');
      checkTensor(a, aShape, `compare(${op})`, 'a');
      checkTensor(b, bShape, `compare(${op})`, 'b');
      const outShape = broadcastShapes(aShape, bShape, `compare(${op})`);
      return mapBroadcast(outShape, [{ data: a, shape: aShape }, { data: b, shape: bShape }], ([u, v]) => (f(u!, v!) ? 1 : 0));
    },
    where(cond, condShape, a, aShape, b, bShape) {
      checkTensor(cond, condShape, 'where', 'cond');
      checkTensor(a, aShape, 'where', 'a');
      checkTensor(b, bShape, 'where', 'b');
      let outShape: number[];
      try {
        outShape = broadcastShapes(broadcastShapes(condShape, aShape), bShape);
      } catch {
        throw new DescentError('shape', `where: shapes cond ${formatShape(condShape)}, a ${formatShape(aShape)}, b ${formatShape(bShape)} do not broadcast together`);
      }
      const inputs = [
        { data: cond, shape: condShape },
        { data: a, shape: aShape },
        { data: b, shape: bShape },
      ];
      return mapBroadcast(outShape, inputs, ([c, u, v]) => (c !== 0 ? u! : v!));
    },
    broadcastTo(x, from, to) {
      checkTensor(x, from, 'broadcastTo', 'x');
      checkShape(to, 'broadcastTo', 'target shape');
      if (!broadcastsTo(from, to)) throw new DescentError('shape', `broadcastTo: shape ${formatShape(from)} cannot be broadcast to ${formatShape(to)}`);
      return mapBroadcast(to, [{ data: x, shape: from }], ([v]) => v!);
    },
    sumToShape(x, from, to) {
      checkTensor(x, from, 'sumToShape', 'x');
      checkShape(to, 'sumToShape', 'target shape');
      if (!broadcastsTo(to, from)) {
        throw new DescentError('shape', `sumToShape: shape ${formatShape(from)} cannot be summed to ${formatShape(to)} (${formatShape(to)} does not broadcast to it)`);
      }
      const off = from.length - to.length;
      const axes = from.map((_, i) => i).filter((i) => i < off || (to[i - off] === 1 && from[i] !== 1));
      return referenceReduce('sum', x, from, axes, 0, 'sumToShape');
    },
  };
}
