import type { Shape } from '../backend/backend.js';

/**
 * Collapse a broadcast over `shape` (the contiguous output) with one stride list per operand:
 * size-1 axes are dropped and neighbours merged when every operand is contiguous across them
 * (`s[i] = s[i+1]·d[i+1]`, which includes two broadcast axes). The innermost strides are then
 * 0 or 1. Returns at least one axis.
 */
export function collapseBroadcast(shape: Shape, operandStrides: readonly (readonly number[])[]): { dims: number[]; strides: number[][] } {
  const dims: number[] = [];
  const strides: number[][] = operandStrides.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    for (let k = 0; merge && k < operandStrides.length; k++) {
      if (strides[k]![last] !== operandStrides[k]![i]! * d) merge = false;
    }
    if (merge) {
      dims[last] = dims[last]! * d;
      for (let k = 0; k < operandStrides.length; k++) strides[k]![last] = operandStrides[k]![i]!;
    } else {
      dims.push(d);
      for (let k = 0; k < operandStrides.length; k++) strides[k]!.push(operandStrides[k]![i]!);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    for (const s of strides) s.push(0);
  }
  return { dims, strides };
}

/**
 * Collapse a reduction: drop size-1 axes, merge neighbours that are both reduced or both kept.
 * `outStrides` are the row-major strides of the kept runs in the output (0 on reduced runs).
 * `count` is the number of elements reduced into each output.
 */
export function collapseReduce(shape: Shape, axes: readonly number[]): { dims: number[]; outStrides: number[]; count: number } {
  const dims: number[] = [];
  const reduced: boolean[] = [];
  let count = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    const r = axes.includes(i);
    if (r) count *= d;
    if (d === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && reduced[last] === r) dims[last] = dims[last]! * d;
    else {
      dims.push(d);
      reduced.push(r);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    reduced.push(false);
  }
  const outStrides = new Array<number>(dims.length).fill(0);
  let s = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    if (reduced[i]) continue;
    outStrides[i] = s;
    s *= dims[i]!;
  }
  return { dims, outStrides, count };
}
