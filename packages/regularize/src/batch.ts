import { tensor, Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';

/** A batch held in a plain typed array with its row-major shape. */
export interface ArrayBatch {
  data: Float32Array | Float64Array;
  shape: readonly number[];
}

/**
 * What the batch transforms take and give back: a `Tensor` (a new tensor on the same backend,
 * without graph) or an `ArrayBatch` (a new array of the same typed-array class).
 */
export type Batch = Tensor | ArrayBatch;

/** Working copy of a batch: f64 data, shape, and how to build the output kind. */
export interface Unwrapped {
  data: Float64Array;
  shape: number[];
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A fresh f64 copy of the batch's values and its shape (checked). */
export function unwrap(op: string, batch: Batch): Unwrapped {
  if (batch instanceof Tensor) return { data: Float64Array.from(batch.data()), shape: [...batch.shape] };
  if (!batch || !(batch.data instanceof Float32Array || batch.data instanceof Float64Array) || !Array.isArray(batch.shape)) {
    throw new DescentError('value', `${op}: a batch must be a Tensor or { data: Float32Array | Float64Array, shape }`);
  }
  if (sizeOf(batch.shape) !== batch.data.length) {
    throw new DescentError('shape', `${op}: batch data has ${batch.data.length} values, shape ${fmtShape(batch.shape)} needs ${sizeOf(batch.shape)}`);
  }
  return { data: Float64Array.from(batch.data), shape: [...batch.shape] };
}

/** Build a batch of the same kind as `like` (tensor backend / typed-array class) from f64 data. */
export function wrapLike<B extends Batch>(like: B, data: Float64Array, shape: readonly number[]): B {
  if (like instanceof Tensor) return tensor(data, { shape, backend: like.backend }) as B;
  const out = like.data instanceof Float32Array ? Float32Array.from(data) : data;
  return { data: out, shape: [...shape] } as unknown as B;
}

/** Check an image batch is [N, C, H, W]; returns the four sizes. */
export function nchw(op: string, shape: readonly number[]): [number, number, number, number] {
  if (shape.length !== 4) throw new DescentError('shape', `${op}: expected an image batch [N, C, H, W], got ${fmtShape(shape)}`);
  return shape as unknown as [number, number, number, number];
}

/** Class indices as an Int32Array, each checked in [0, numClasses). */
export function classIndices(op: string, target: ArrayLike<number> | Tensor, numClasses: number): Int32Array {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new DescentError('value', `${op}: numClasses must be a positive integer, got ${numClasses}`);
  const values = target instanceof Tensor ? target.data() : target;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) throw new DescentError('value', `${op}: target ${v} at index ${i} is not a class in [0, ${numClasses})`);
    out[i] = v;
  }
  return out;
}

/** Check a probability-like field in [lo, hi] (or [lo, hi) when `openHigh`). */
export function checkRange(op: string, field: string, v: number, lo: number, hi: number, openHigh = false): void {
  const ok = typeof v === 'number' && v >= lo && (openHigh ? v < hi : v <= hi);
  if (!ok) throw new DescentError('value', `${op}: ${field} must be in [${lo}, ${hi}${openHigh ? ')' : ']'}, got ${v}`);
}
