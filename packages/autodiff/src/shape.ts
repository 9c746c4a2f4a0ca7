import { DescentError } from '@descent/optim-wasm';

/** Shapes are row-major arrays of non-negative integers; `[]` is a scalar. */
export type Shape = readonly number[];

/** The number of elements of `shape` (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

export function fmt(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkShape(op: string, shape: Shape): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new DescentError('shape', `${op}: invalid shape ${fmt(shape)}: dims must be non-negative integers`);
  }
  return [...shape];
}

/** NumPy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new DescentError('shape', `${op}: shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast together (dim ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** A possibly negative axis into `[0, rank)`. */
export function normAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new DescentError('shape', `${op}: dim ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return a;
}

/** `dim` as given to reductions (undefined/null = all axes) → sorted unique non-negative axes. */
export function normAxes(op: string, dim: number | readonly number[] | null | undefined, rank: number): number[] {
  if (dim === undefined || dim === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof dim === 'number' ? [dim] : dim;
  const axes = [...new Set(list.map((d) => normAxis(op, d, rank)))].sort((x, y) => x - y);
  if (axes.length !== list.length) throw new DescentError('shape', `${op}: dim ${JSON.stringify(list)} repeats an axis`);
  return axes;
}

/** The shape after reducing `axes`, keeping them as 1 or dropping them. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Resolve one `-1` in a reshape target. */
export function inferShape(op: string, from: Shape, to: readonly number[]): number[] {
  const n = sizeOf(from);
  let hole = -1;
  let known = 1;
  to.forEach((d, i) => {
    if (d === -1) {
      if (hole >= 0) throw new DescentError('shape', `${op}: only one dim may be -1, got ${fmt(to)}`);
      hole = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new DescentError('shape', `${op}: invalid target shape ${fmt(to)}`);
    } else known *= d;
  });
  const out = [...to];
  if (hole >= 0) {
    if (known === 0 || n % known !== 0) throw new DescentError('shape', `${op}: cannot reshape ${fmt(from)} (${n} elements) to ${fmt(to)}`);
    out[hole] = n / known;
  }
  if (sizeOf(out) !== n) throw new DescentError('shape', `${op}: cannot reshape ${fmt(from)} (${n} elements) to ${fmt(to)}`);
  return out;
}
