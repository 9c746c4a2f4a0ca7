import { DescentError } from '../errors.js';
import type { Backend, Shape } from '../backend/backend.js';
import { checkLength, checkShape, formatShape, size, strides } from '../shape.js';

// Plans (validation + geometry) are shared by both backends, so they reject the same inputs;
// the f64 reference below them reads like the definitions.

function checkAxis(axis: number, rank: number, op: string, shape: Shape): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank) {
    throw new DescentError('shape', `${op}: axis ${axis} is out of range for shape ${formatShape(shape)}`);
  }
}

function checkIndices(index: Int32Array, bound: number, op: string, what: string): void {
  if (!(index instanceof Int32Array)) throw new DescentError('type', `${op}: index must be an Int32Array, got ${String(index)}`);
  for (let i = 0; i < index.length; i++) {
    const j = index[i]!;
    if (j < 0 || j >= bound) throw new DescentError('index', `${op}: index[${i}] = ${j} is out of range for ${what} (size ${bound})`);
  }
}

/** out[i] = x[offset + Σ_a i_a · srcStrides[a]] over `outShape`. */
export interface StridedView {
  outShape: number[];
  offset: number;
  srcStrides: number[];
}

export function planPermute(len: number, shape: Shape, perm: readonly number[]): StridedView {
  checkShape(shape, 'permute');
  checkLength(len, shape, 'permute', 'x');
  const seen = new Array<boolean>(shape.length).fill(false);
  const ok = Array.isArray(perm) && perm.length === shape.length && perm.every((p) => Number.isInteger(p) && p >= 0 && p < shape.length && !seen[p] && (seen[p] = true));
  if (!ok) throw new DescentError('shape', `permute: perm [${String(perm)}] is not a permutation of the axes of ${formatShape(shape)}`);
  const st = strides(shape);
  return { outShape: perm.map((p) => shape[p]!), offset: 0, srcStrides: perm.map((p) => st[p]!) };
}

export function planSlice(len: number, shape: Shape, starts: readonly number[], ends: readonly number[], steps: readonly number[], op = 'slice'): StridedView {
  checkShape(shape, op);
  checkLength(len, shape, op, op === 'slice' ? 'x' : 'shape');
  const r = shape.length;
  if (starts.length !== r || ends.length !== r || steps.length !== r) {
    throw new DescentError('shape', `${op}: starts/ends/steps have lengths ${starts.length}/${ends.length}/${steps.length} but ${formatShape(shape)} has rank ${r}`);
  }
  const st = strides(shape);
  let offset = 0;
  const outShape: number[] = [];
  const srcStrides: number[] = [];
  for (let a = 0; a < r; a++) {
    const [s, e, k, d] = [starts[a]!, ends[a]!, steps[a]!, shape[a]!];
    if (![s, e, k].every(Number.isInteger) || k < 1 || s < 0 || s > d || e < 0 || e > d) {
      throw new DescentError('shape', `${op}: axis ${a} of ${formatShape(shape)}: start ${s}, end ${e}, step ${k} must satisfy 0 ≤ start, end ≤ ${d} and step ≥ 1`);
    }
    const n = Math.max(0, Math.ceil((e - s) / k));
    outShape.push(n);
    srcStrides.push(k * st[a]!);
    if (n > 0) offset += s * st[a]!;
  }
  return { outShape, offset, srcStrides };
}

export interface ConcatPlan {
  outShape: number[];
  outer: number;
  /** Elements of each input per outer index (its axis size × inner). */
  rows: number[];
}

export function planConcat(lens: readonly number[], shapes: readonly Shape[], axis: number): ConcatPlan {
  if (shapes.length === 0 || lens.length !== shapes.length) {
    throw new DescentError('shape', `concat: needs one shape per input and at least one input (got ${lens.length} inputs, ${shapes.length} shapes)`);
  }
  const first = shapes[0]!;
  checkAxis(axis, first.length, 'concat', first);
  let total = 0;
  shapes.forEach((s, i) => {
    checkShape(s, 'concat', `shapes[${i}]`);
    checkLength(lens[i]!, s, 'concat', `xs[${i}]`);
    if (s.length !== first.length || s.some((d, a) => a !== axis && d !== first[a])) {
      throw new DescentError('shape', `concat: shapes ${formatShape(first)} and ${formatShape(s)} differ outside axis ${axis}`);
    }
    total += s[axis]!;
  });
  const outShape = first.slice();
  outShape[axis] = total;
  const inner = size(first.slice(axis + 1));
  return { outShape, outer: size(first.slice(0, axis)), rows: shapes.map((s) => s[axis]! * inner) };
}

/** x viewed as [outer, axisLen, inner]; out has axisLen replaced by index.length. */
export interface IndexPlan {
  outer: number;
  axisLen: number;
  inner: number;
  count: number;
}

export function planIndex(len: number, shape: Shape, axis: number, index: Int32Array, op: string, field: string): IndexPlan {
  checkShape(shape, op);
  checkAxis(axis, shape.length, op, shape);
  checkIndices(index, shape[axis]!, op, `axis ${axis} of ${formatShape(shape)}`);
  const count = index.length;
  const plan = { outer: size(shape.slice(0, axis)), axisLen: shape[axis]!, inner: size(shape.slice(axis + 1)), count };
  const need = op === 'indexSelect' ? size(shape) : plan.outer * count * plan.inner;
  if (len !== need) throw new DescentError('shape', `${op}: ${field} has ${len} elements but needs ${need} (shape ${formatShape(shape)}, ${count} indices on axis ${axis})`);
  return plan;
}

/** Index viewed as [outer, count, inner]; x offsets for the outer and inner multi-indices. */
export interface GatherPlan {
  outer: number;
  count: number;
  inner: number;
  axisStride: number;
  outerOff: Int32Array;
  innerOff: Int32Array;
}

export function planGather(len: number, shape: Shape, axis: number, index: Int32Array, indexShape: Shape, op: string): GatherPlan {
  checkShape(shape, op);
  checkShape(indexShape, op, 'indexShape');
  const lenField = op === 'gather' ? 'x' : 'dy';
  checkLength(len, op === 'gather' ? shape : indexShape, op, lenField);
  checkAxis(axis, shape.length, op, shape);
  if (indexShape.length !== shape.length || indexShape.some((d, a) => a !== axis && d > shape[a]!)) {
    throw new DescentError('shape', `${op}: index shape ${formatShape(indexShape)} must have the rank of ${formatShape(shape)} and no larger size outside axis ${axis}`);
  }
  if (!(index instanceof Int32Array) || index.length !== size(indexShape)) {
    throw new DescentError('shape', `${op}: index has ${index?.length} elements but indexShape ${formatShape(indexShape)} needs ${size(indexShape)}`);
  }
  checkIndices(index, shape[axis]!, op, `axis ${axis} of ${formatShape(shape)}`);
  const st = strides(shape);
  const offsets = (dims: number[], first: number): Int32Array => {
    const out = new Int32Array(size(dims));
    const ds = strides(dims);
    for (let f = 0; f < out.length; f++) {
      let o = 0;
      for (let d = 0; d < dims.length; d++) o += (Math.floor(f / ds[d]!) % dims[d]!) * st[first + d]!;
      out[f] = o;
    }
    return out;
  };
  const outerDims = indexShape.slice(0, axis);
  const innerDims = indexShape.slice(axis + 1);
  return {
    outer: size(outerDims),
    count: indexShape[axis]!,
    inner: size(innerDims),
    axisStride: st[axis]!,
    outerOff: offsets(outerDims, 0),
    innerOff: offsets(innerDims, axis + 1),
  };
}

export function checkOneHot(indices: Int32Array, classes: number): void {
  if (!Number.isInteger(classes) || classes < 0) throw new DescentError('shape', `oneHot: classes must be a non-negative integer, got ${classes}`);
  checkIndices(indices, classes, 'oneHot', `${classes} classes`);
}

/** Visit every element of a strided view: out[f] ↔ src[offset + Σ i_a · srcStrides[a]]. */
function forEachStrided(v: StridedView, fn: (outFlat: number, src: number) => void): void {
  const n = size(v.outShape);
  const os = strides(v.outShape);
  for (let f = 0; f < n; f++) {
    let src = v.offset;
    for (let a = 0; a < os.length; a++) src += (Math.floor(f / os[a]!) % v.outShape[a]!) * v.srcStrides[a]!;
    fn(f, src);
  }
}

/** The reference backend's data-movement part (PyTorch semantics). */
export function movementReference(): Pick<
  Backend<Float64Array>,
  'permute' | 'slice' | 'sliceBackward' | 'concat' | 'indexSelect' | 'indexAdd' | 'gather' | 'scatterAdd' | 'oneHot'
> {
  return {
    permute(x, shape, perm) {
      const v = planPermute(x.length, shape, perm);
      const out = new Float64Array(x.length);
      forEachStrided(v, (f, s) => (out[f] = x[s]!));
      return out;
    },
    slice(x, shape, starts, ends, steps) {
      const v = planSlice(x.length, shape, starts, ends, steps);
      const out = new Float64Array(size(v.outShape));
      forEachStrided(v, (f, s) => (out[f] = x[s]!));
      return out;
    },
    sliceBackward(dy, shape, starts, ends, steps) {
      const v = planSlice(size(shape), shape, starts, ends, steps, 'sliceBackward');
      checkLength(dy.length, v.outShape, 'sliceBackward', 'dy');
      const dx = new Float64Array(size(shape));
      forEachStrided(v, (f, s) => (dx[s] = dy[f]!));
      return dx;
    },
    concat(xs, shapes, axis) {
      const p = planConcat(xs.map((x) => x.length), shapes, axis);
      const out = new Float64Array(size(p.outShape));
      let f = 0;
      for (let o = 0; o < p.outer; o++) {
        xs.forEach((x, j) => {
          for (let r = 0; r < p.rows[j]!; r++) out[f++] = x[o * p.rows[j]! + r]!;
        });
      }
      return out;
    },
    indexSelect(x, shape, axis, index) {
      const { outer, axisLen, inner, count } = planIndex(x.length, shape, axis, index, 'indexSelect', 'x');
      const out = new Float64Array(outer * count * inner);
      for (let o = 0; o < outer; o++)
        for (let l = 0; l < count; l++)
          for (let i = 0; i < inner; i++) out[(o * count + l) * inner + i] = x[(o * axisLen + index[l]!) * inner + i]!;
      return out;
    },
    indexAdd(dy, shape, axis, index) {
      const { outer, axisLen, inner, count } = planIndex(dy.length, shape, axis, index, 'indexAdd', 'dy');
      const dx = new Float64Array(size(shape));
      for (let o = 0; o < outer; o++)
        for (let l = 0; l < count; l++)
          for (let i = 0; i < inner; i++) dx[(o * axisLen + index[l]!) * inner + i]! += dy[(o * count + l) * inner + i]!;
      return dx;
    },
    gather(x, shape, axis, index, indexShape) {
      const p = planGather(x.length, shape, axis, index, indexShape, 'gather');
      const out = new Float64Array(index.length);
      for (let o = 0, e = 0; o < p.outer; o++)
        for (let l = 0; l < p.count; l++)
          for (let i = 0; i < p.inner; i++, e++) out[e] = x[p.outerOff[o]! + index[e]! * p.axisStride + p.innerOff[i]!]!;
      return out;
    },
    scatterAdd(dy, shape, axis, index, indexShape) {
      const p = planGather(dy.length, shape, axis, index, indexShape, 'scatterAdd');
      const dx = new Float64Array(size(shape));
      for (let o = 0, e = 0; o < p.outer; o++)
        for (let l = 0; l < p.count; l++)
          for (let i = 0; i < p.inner; i++, e++) dx[p.outerOff[o]! + index[e]! * p.axisStride + p.innerOff[i]!]! += dy[e]!;
      return dx;
    },
    oneHot(indices, classes) {
      checkOneHot(indices, classes);
      const out = new Float64Array(indices.length * classes);
      indices.forEach((j, r) => (out[r * classes + j] = 1));
      return out;
    },
  };
}
