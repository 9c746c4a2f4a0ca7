import { DescentError } from '../errors.js';
import type { Backend, ReduceOp, Shape } from '../backend/backend.js';
import { checkLength, checkShape, formatShape, size, strides } from '../shape.js';
import { checkAxes, type ReduceOps } from '../kernels/reduce.js';

/**
 * For every input element, the flat index of its output (reduced axes kept as size 1).
 * Reading order is row-major, so "first occurrence" means the smallest input index.
 */
function outputIndexOf(shape: Shape, axes: readonly number[]): { outSize: number; target: Int32Array } {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outStrides = strides(outShape);
  const inStrides = strides(shape);
  const n = size(shape);
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) {
      const coord = Math.floor(i / inStrides[d]!) % shape[d]!;
      if (!axes.includes(d)) o += coord * outStrides[d]!;
    }
    target[i] = o;
  }
  return { outSize: size(outShape), target };
}

/**
 * sum Σx · mean Σx/N · max · min · logsumexp m + ln Σ e^{x−m} (m = max, ±∞ → 0) ·
 * var Σ(x − mean)² / max(0, N − correction), over `axes` (N = elements per output).
 */
export function referenceReduce(op: ReduceOp, x: Float64Array, shape: Shape, axes: readonly number[], correction: number, kernel: string): Float64Array {
  checkShape(shape, kernel, 'x shape');
  checkLength(x.length, shape, kernel, 'x');
  checkAxes(axes, shape.length, kernel);
  const count = axes.reduce((c, a) => c * shape[a]!, 1);
  const { outSize, target } = outputIndexOf(shape, axes);
  if (count === 0 && outSize > 0 && (op === 'max' || op === 'min')) {
    throw new DescentError('shape', `${kernel}: ${op} over axes [${axes.join(', ')}] of shape ${formatShape(shape)} reduces an empty set`);
  }
  const sumOf = (f: (v: number, o: number) => number) => {
    const acc = new Float64Array(outSize);
    for (let i = 0; i < x.length; i++) acc[target[i]!] = acc[target[i]!]! + f(x[i]!, target[i]!);
    return acc;
  };
  switch (op) {
    case 'sum':
      return sumOf((v) => v);
    case 'mean':
      return sumOf((v) => v).map((s) => s / count);
    case 'max':
    case 'min': {
      const acc = new Float64Array(outSize).fill(op === 'max' ? -Infinity : Infinity);
      for (let i = 0; i < x.length; i++) acc[target[i]!] = (op === 'max' ? Math.max : Math.min)(acc[target[i]!]!, x[i]!);
      return acc;
    }
    case 'var': {
      const mean = sumOf((v) => v).map((s) => s / count);
      return sumOf((v, o) => (v - mean[o]!) ** 2).map((s) => s / Math.max(0, count - correction));
    }
    case 'logsumexp': {
      const m = new Float64Array(outSize).fill(-Infinity);
      for (let i = 0; i < x.length; i++) m[target[i]!] = Math.max(m[target[i]!]!, x[i]!);
      const shift = m.map((v) => (Math.abs(v) === Infinity ? 0 : v));
      return sumOf((v, o) => Math.exp(v - shift[o]!)).map((s, o) => shift[o]! + Math.log(s));
    }
    default:
      throw new DescentError('op', `${kernel}: unknown op '${String(op)}' (expected sum, mean, max, min, logsumexp or var)`);
  }
}

/** Reductions of the f64 reference backend. */
export function reduceReference(): Pick<Backend<Float64Array>, ReduceOps> {
  return {
    reduce(op, x, shape, axes, params) {
      const correction = params?.correction ?? 1;
      if (!Number.isFinite(correction)) throw new DescentError('param', `reduce(var): correction must be finite, got ${correction}`);
      return referenceReduce(op, x, shape, axes, correction, `reduce(${op})`);
    },
    argReduce(op, x, shape, axis) {
      const kernel = `argReduce(${op})`;
      if (op !== 'argmax' && op !== 'argmin') throw new DescentError('op', `argReduce: unknown op '${String(op)}' (expected argmax or argmin)`);
      checkShape(shape, kernel, 'x shape');
      checkLength(x.length, shape, kernel, 'x');
      if (!Number.isInteger(axis) || axis < 0 || axis >= Math.max(shape.length, 1)) {
        throw new DescentError('shape', `${kernel}: axis ${axis} is out of range for shape ${formatShape(shape)}`);
      }
      const len = shape[axis] ?? 1;
      const outer = size(shape.slice(0, axis));
      const inner = size(shape.slice(axis + 1));
      if (len === 0 && outer * inner > 0) throw new DescentError('shape', `${kernel}: axis ${axis} of shape ${formatShape(shape)} is empty`);
      const out = new Int32Array(outer * inner);
      // The first maximum (minimum) wins; a NaN beats every number (PyTorch).
      const better = (v: number, best: number) => Number.isNaN(v) || (op === 'argmax' ? v > best : v < best);
      for (let a = 0; a < outer; a++) {
        for (let j = 0; j < inner; j++) {
          let bi = 0;
          let best = x[a * len * inner + j]!;
          for (let r = 1; r < len && !Number.isNaN(best); r++) {
            const v = x[(a * len + r) * inner + j]!;
            if (better(v, best)) {
              best = v;
              bi = r;
            }
          }
          out[a * inner + j] = bi;
        }
      }
      return out;
    },
  };
}
