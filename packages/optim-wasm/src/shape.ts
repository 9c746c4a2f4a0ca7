import { DescentError } from './errors.js';
import type { Shape } from './backend/backend.js';

/** `[2,3]` → `"[2, 3]"` for error messages. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Throw unless `shape` is an array of non-negative integers.
 * `op` and `field` name the caller in the message.
 */
export function checkShape(shape: Shape, op: string, field = 'shape'): void {
  if (!Array.isArray(shape)) throw new DescentError('shape', `${op}: ${field} must be an array of sizes, got ${String(shape)}`);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < 0) {
      throw new DescentError('shape', `${op}: ${field} ${formatShape(shape)} has an invalid size ${d} at axis ${i} (sizes are non-negative integers)`);
    }
  }
}

/** Number of elements: Π shape[i] (1 for a scalar `[]`). */
export function size(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major element strides: strides[i] = Π_{j>i} shape[j]. */
export function strides(shape: Shape): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i]!;
  }
  return out;
}

/** Whether two shapes have the same dimensions. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * NumPy broadcasting: align shapes on the right; each pair of sizes must be equal or one of
 * them 1; the result takes the larger. Throws a DescentError naming `op` and the shapes.
 */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new DescentError(
        'shape',
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (axis ${i - rank}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** True when `from` broadcasts to exactly `to` (NumPy rules, `to` unchanged). */
export function broadcastsTo(from: Shape, to: Shape): boolean {
  if (from.length > to.length) return false;
  const off = to.length - from.length;
  for (let i = 0; i < from.length; i++) if (from[i] !== 1 && from[i] !== to[off + i]) return false;
  return true;
}

/**
 * Element strides of `from` viewed as broadcast to `to` (rank of `to`): 0 on broadcast axes.
 * Assumes `broadcastsTo(from, to)`.
 */
export function broadcastStrides(from: Shape, to: Shape): number[] {
  const out = new Array<number>(to.length).fill(0);
  const off = to.length - from.length;
  let s = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    const d = from[i]!;
    out[off + i] = d === 1 && to[off + i] !== 1 ? 0 : s;
    s *= d;
  }
  return out;
}

/** One axis, negative counts from the end (PyTorch `dim`), checked against `rank`. */
export function normalizeAxis(axis: number, rank: number, op = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -Math.max(rank, 1) || axis >= Math.max(rank, 1)) {
    throw new DescentError('shape', `${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + Math.max(rank, 1) : axis;
}

/**
 * Axes as the backend wants them: non-negative, sorted, unique. `undefined`/`null` means all
 * axes. Negative axes count from the end. Duplicates are an error (as in PyTorch).
 */
export function normalizeAxes(axes: number | readonly number[] | null | undefined, rank: number, op = 'axes'): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(a, rank, op)).sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new DescentError('shape', `${op}: axis ${out[i]} appears more than once in [${list.join(', ')}]`);
  }
  return rank === 0 ? [] : out;
}

/** The shape after reducing `axes` with keepdim (reduced sizes become 1). */
export function reducedShape(shape: Shape, axes: readonly number[]): number[] {
  const out = shape.slice();
  for (const a of axes) out[a] = 1;
  return out;
}

/** Throw unless the storage length equals the size of its shape. */
export function checkLength(length: number, shape: Shape, op: string, field: string): void {
  const n = size(shape);
  if (length !== n) {
    throw new DescentError('shape', `${op}: ${field} has ${length} elements but its shape ${formatShape(shape)} needs ${n}`);
  }
}

/** Throw unless `n` is a non-negative integer count. */
export function checkCount(n: number, op: string, field: string): void {
  if (!Number.isInteger(n) || n < 0) throw new DescentError('shape', `${op}: ${field} must be a non-negative integer, got ${n}`);
}

/**
 * Throw unless `data` is numbers: a typed array, or an array whose every element is a number (a
 * string has a length too, and would load as NaN).
 */
export function checkNumeric(data: unknown, op: string, field: string): void {
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return;
  if (Array.isArray(data)) {
    const i = data.findIndex((v) => typeof v !== 'number');
    if (i < 0) return;
    throw new DescentError('type', `${op}: ${field}[${i}] must be a number, got ${typeof data[i]} ${JSON.stringify(data[i]) ?? String(data[i])}`);
  }
  const got = typeof data === 'string' ? `the string ${JSON.stringify(data.length > 20 ? `${data.slice(0, 20)}…` : data)}` : data === null ? 'null' : typeof data;
  throw new DescentError('type', `${op}: ${field} must be an array or typed array of numbers, got ${got}`);
}
