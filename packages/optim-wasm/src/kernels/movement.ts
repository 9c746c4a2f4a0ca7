import { DescentError } from '../errors.js';
import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend } from '../backend/backend.js';
import { checkLength, size, strides } from '../shape.js';
import { checkOneHot, planConcat, planGather, planIndex, planPermute, planSlice } from '../reference/movement.js';
import { checkBuf } from './checks.js';

type MovementOps = 'permute' | 'slice' | 'sliceBackward' | 'concat' | 'indexSelect' | 'indexAdd' | 'gather' | 'scatterAdd' | 'oneHot';

/**
 * dst[dOff + Σ i_a·t_a] = src[sOff + Σ i_a·s_a] over `dims`. Size-1 axes are dropped and
 * adjacent axes that are contiguous in both views are merged, so most copies become one
 * WASM call over at most 4 axes whose inner run is a memcpy; deeper views loop here.
 */
export function copyStrided(
  core: Core,
  src: number,
  sOff: number,
  dst: number,
  dOff: number,
  dims: readonly number[],
  s: readonly number[],
  t: readonly number[],
): void {
  const d: number[] = [];
  const ss: number[] = [];
  const ts: number[] = [];
  for (let a = 0; a < dims.length; a++) {
    if (dims[a] === 0) return;
    if (dims[a] === 1) continue;
    const last = d.length - 1;
    if (last >= 0 && ss[last] === s[a]! * dims[a]! && ts[last] === t[a]! * dims[a]!) {
      d[last] = d[last]! * dims[a]!;
      ss[last] = s[a]!;
      ts[last] = t[a]!;
    } else {
      d.push(dims[a]!);
      ss.push(s[a]!);
      ts.push(t[a]!);
    }
  }
  while (d.length < 4) {
    d.unshift(1);
    ss.unshift(0);
    ts.unshift(0);
  }
  const lead = d.length - 4;
  const leadDims = d.slice(0, lead);
  const count = size(leadDims);
  const ls = strides(leadDims);
  for (let f = 0; f < count; f++) {
    let so = sOff;
    let to = dOff;
    for (let a = 0; a < lead; a++) {
      const i = Math.floor(f / ls[a]!) % leadDims[a]!;
      so += i * ss[a]!;
      to += i * ts[a]!;
    }
    core.exports.stridedCopy(src + so * 4, dst + to * 4, d[lead]!, d[lead + 1]!, d[lead + 2]!, d[lead + 3]!, ss[lead]!, ss[lead + 1]!, ss[lead + 2]!, ss[lead + 3]!, ts[lead]!, ts[lead + 1]!, ts[lead + 2]!, ts[lead + 3]!);
  }
}

/**
 * Copy i32 arrays into one temporary WASM region, run `fn` with their pointers, free it.
 * (Only pointers cross into WASM; the copy is O(indices), never O(data).)
 */
export function withInts<T>(core: Core, arrays: readonly Int32Array[], fn: (ptrs: number[]) => T): T {
  const total = arrays.reduce((s, a) => s + a.length + 4, 0);
  const region = core.allocUninit(total, 'index scratch');
  try {
    const mem = core.i32();
    const ptrs: number[] = [];
    let at = region.ptr;
    for (const a of arrays) {
      mem.set(a, at >> 2);
      ptrs.push(at);
      at += (a.length + 4 - (a.length % 4)) * 4; // keep each array 16-byte aligned
    }
    return fn(ptrs);
  } finally {
    region.free();
  }
}

/** The WASM backend's data-movement part: strided copies, index select/add, gather/scatter, one-hot. */
export function movementKernels(core: Core): Pick<Backend<F32Buffer>, MovementOps> {
  const ex = core.exports;
  return {
    permute(x, shape, perm) {
      checkBuf(core, x, 'permute', 'x');
      const v = planPermute(x.length, shape, perm);
      const out = core.allocUninit(x.length, 'permute');
      copyStrided(core, x.ptr, 0, out.ptr, 0, v.outShape, v.srcStrides, strides(v.outShape));
      return out;
    },
    slice(x, shape, starts, ends, steps) {
      checkBuf(core, x, 'slice', 'x');
      const v = planSlice(x.length, shape, starts, ends, steps);
      const out = core.allocUninit(size(v.outShape), 'slice');
      copyStrided(core, x.ptr, v.offset, out.ptr, 0, v.outShape, v.srcStrides, strides(v.outShape));
      return out;
    },
    sliceBackward(dy, shape, starts, ends, steps) {
      checkBuf(core, dy, 'sliceBackward', 'dy');
      const v = planSlice(size(shape), shape, starts, ends, steps, 'sliceBackward');
      checkLength(dy.length, v.outShape, 'sliceBackward', 'dy');
      const dx = core.alloc(size(shape), 'sliceBackward');
      copyStrided(core, dy.ptr, 0, dx.ptr, v.offset, v.outShape, strides(v.outShape), v.srcStrides);
      return dx;
    },
    concat(xs, shapes, axis) {
      if (!Array.isArray(xs)) throw new DescentError('type', 'concat: xs must be an array of buffers');
      xs.forEach((x, i) => checkBuf(core, x, 'concat', `xs[${i}]`));
      const p = planConcat(
        xs.map((x) => x.length),
        shapes,
        axis,
      );
      const out = core.allocUninit(size(p.outShape), 'concat');
      const outRow = p.rows.reduce((s, r) => s + r, 0);
      let col = 0;
      xs.forEach((x, j) => {
        copyStrided(core, x.ptr, 0, out.ptr, col, [p.outer, p.rows[j]!], [p.rows[j]!, 1], [outRow, 1]);
        col += p.rows[j]!;
      });
      return out;
    },
    indexSelect(x, shape, axis, index) {
      checkBuf(core, x, 'indexSelect', 'x');
      const q = planIndex(x.length, shape, axis, index, 'indexSelect', 'x');
      const out = core.allocUninit(q.outer * q.count * q.inner, 'indexSelect');
      withInts(core, [index], ([ip]) => ex.indexSelect(x.ptr, ip!, out.ptr, q.outer, q.axisLen, q.count, q.inner));
      return out;
    },
    indexAdd(dy, shape, axis, index) {
      checkBuf(core, dy, 'indexAdd', 'dy');
      const q = planIndex(dy.length, shape, axis, index, 'indexAdd', 'dy');
      const dx = core.allocUninit(size(shape), 'indexAdd');
      withInts(core, [index], ([ip]) => ex.indexAdd(dy.ptr, ip!, dx.ptr, q.outer, q.axisLen, q.count, q.inner));
      return dx;
    },
    gather(x, shape, axis, index, indexShape) {
      checkBuf(core, x, 'gather', 'x');
      const q = planGather(x.length, shape, axis, index, indexShape, 'gather');
      const out = core.allocUninit(index.length, 'gather');
      withInts(core, [index, q.outerOff, q.innerOff], ([ip, op, np]) =>
        ex.gather(x.ptr, ip!, op!, np!, out.ptr, q.outer, q.count, q.inner, q.axisStride),
      );
      return out;
    },
    scatterAdd(dy, shape, axis, index, indexShape) {
      checkBuf(core, dy, 'scatterAdd', 'dy');
      const q = planGather(dy.length, shape, axis, index, indexShape, 'scatterAdd');
      const dx = core.allocUninit(size(shape), 'scatterAdd');
      withInts(core, [index, q.outerOff, q.innerOff], ([ip, op, np]) =>
        ex.scatterAdd(dy.ptr, ip!, op!, np!, dx.ptr, dx.length, q.outer, q.count, q.inner, q.axisStride),
      );
      return dx;
    },
    oneHot(indices, classes) {
      checkOneHot(indices, classes);
      const out = core.allocUninit(indices.length * classes, 'oneHot');
      withInts(core, [indices], ([ip]) => ex.oneHot(ip!, out.ptr, indices.length, classes));
      return out;
    },
  };
}
