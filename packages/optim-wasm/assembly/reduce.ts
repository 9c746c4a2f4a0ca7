// Reductions over any set of axes. The JS side collapses the shape into alternating runs of
// kept and reduced axes; the input is walked in memory order as rows of the last run:
// - last run reduced: each contiguous row reduces to one value (blocked f32 SIMD, blocks
//   combined in f64) that is combined into acc[o];
// - last run kept: the row is accumulated lane-wise into acc[o .. o+len) in f64.
// acc is f64 scratch (one per output), so 10M-element sums stay accurate to ~1e-7.
// meta (int32): dims[rank], outStrides[rank] (0 on reduced runs), idx[rank].
import { expV, first } from './math';

const SUM = 0;
const MAX = 1;
const MIN = 2;
const SQDEV = 3; // Σ (x − ref)², ref = the mean (var)
const EXPDEV = 4; // Σ e^{x − ref}, ref = the shift (logsumexp)

const BLOCK = 1024;

// @ts-ignore: decorator
@inline function geti(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return (<f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1)) + (<f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3));
}

// @ts-ignore: decorator
@inline function term(op: i32, x: v128, m: v128): v128 {
  if (op == SQDEV) {
    const d = f32x4.sub(x, m);
    return f32x4.mul(d, d);
  }
  if (op == EXPDEV) return expV(f32x4.sub(x, m));
  return x;
}

/** Σ term(x[i]) over a contiguous row: f32 SIMD within blocks of 1024, blocks summed in f64. */
// @ts-ignore: decorator
@inline function sumRow(op: i32, ptr: usize, n: i32, ref: f32): f64 {
  const m = f32x4.splat(ref);
  let total: f64 = 0;
  let i = 0;
  const n8 = n & ~7;
  while (i < n8) {
    const end = min(i + BLOCK, n8);
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    for (; i < end; i += 8) {
      const o = <usize>i << 2;
      s0 = f32x4.add(s0, term(op, v128.load(ptr + o), m));
      s1 = f32x4.add(s1, term(op, v128.load(ptr + o + 16), m));
    }
    total += hsum(f32x4.add(s0, s1));
  }
  for (; i < n; i++) total += <f64>first(term(op, v128.load32_splat(ptr + (<usize>i << 2)), m));
  return total;
}

// @ts-ignore: decorator
@inline function extremeRow(isMax: bool, ptr: usize, n: i32): f64 {
  // Four accumulators: NaN-propagating f32x4.max is several instructions long, and one
  // chain would be latency-bound.
  const init = f32x4.splat(isMax ? -Infinity : Infinity);
  let b0 = init;
  let b1 = init;
  let b2 = init;
  let b3 = init;
  const n16 = n & ~15;
  let i = 0;
  for (; i < n16; i += 16) {
    const p = ptr + (<usize>i << 2);
    b0 = isMax ? f32x4.max(b0, v128.load(p)) : f32x4.min(b0, v128.load(p));
    b1 = isMax ? f32x4.max(b1, v128.load(p, 16)) : f32x4.min(b1, v128.load(p, 16));
    b2 = isMax ? f32x4.max(b2, v128.load(p, 32)) : f32x4.min(b2, v128.load(p, 32));
    b3 = isMax ? f32x4.max(b3, v128.load(p, 48)) : f32x4.min(b3, v128.load(p, 48));
  }
  let best = isMax ? f32x4.max(f32x4.max(b0, b1), f32x4.max(b2, b3)) : f32x4.min(f32x4.min(b0, b1), f32x4.min(b2, b3));
  const n4 = n & ~3;
  for (; i < n4; i += 4) {
    const v = v128.load(ptr + (<usize>i << 2));
    best = isMax ? f32x4.max(best, v) : f32x4.min(best, v);
  }
  for (; i < n; i++) {
    const v = v128.load32_splat(ptr + (<usize>i << 2));
    best = isMax ? f32x4.max(best, v) : f32x4.min(best, v);
  }
  const a = f32x4.extract_lane(best, 0);
  const b = f32x4.extract_lane(best, 1);
  const c = f32x4.extract_lane(best, 2);
  const d = f32x4.extract_lane(best, 3);
  return isMax ? <f64>max(max(a, b), max(c, d)) : <f64>min(min(a, b), min(c, d));
}

/** acc[j] ⊕= term(x[j]) lane-wise in f64 (the "last run kept" case). */
// @ts-ignore: decorator
@inline function accumulateRow(op: i32, xPtr: usize, accPtr: usize, refPtr: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const x = v128.load(xPtr + (<usize>i << 2));
    const m = op == SQDEV || op == EXPDEV ? v128.load(refPtr + (<usize>i << 2)) : x;
    const v = term(op, x, m);
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    const a = accPtr + (<usize>i << 3);
    if (op == MAX) {
      v128.store(a, f64x2.max(v128.load(a), lo));
      v128.store(a + 16, f64x2.max(v128.load(a + 16), hi));
    } else if (op == MIN) {
      v128.store(a, f64x2.min(v128.load(a), lo));
      v128.store(a + 16, f64x2.min(v128.load(a + 16), hi));
    } else {
      v128.store(a, f64x2.add(v128.load(a), lo));
      v128.store(a + 16, f64x2.add(v128.load(a + 16), hi));
    }
  }
  for (; i < n; i++) {
    const x = v128.load32_splat(xPtr + (<usize>i << 2));
    const m = op == SQDEV || op == EXPDEV ? v128.load32_splat(refPtr + (<usize>i << 2)) : x;
    const v = <f64>first(term(op, x, m));
    const a = accPtr + (<usize>i << 3);
    if (op == MAX) store<f64>(a, max(load<f64>(a), v));
    else if (op == MIN) store<f64>(a, min(load<f64>(a), v));
    else store<f64>(a, load<f64>(a) + v);
  }
}

// @ts-ignore: decorator
@inline function reduceLoop(op: i32, xPtr: usize, accPtr: usize, refPtr: usize, rank: i32, metaPtr: usize): void {
  const dims = metaPtr;
  const os = metaPtr + (<usize>rank << 2);
  const idx = os + (<usize>rank << 2);
  const last = rank - 1;
  const len = geti(dims, last);
  const lastKept = geti(os, last) != 0;
  let outer = 1;
  for (let d = 0; d < last; d++) {
    outer *= geti(dims, d);
    store<i32>(idx + (<usize>d << 2), 0);
  }
  let o = 0;
  let xp = xPtr;
  for (let s = 0; s < outer; s++) {
    if (lastKept) {
      accumulateRow(op, xp, accPtr + (<usize>o << 3), refPtr + (<usize>o << 2), len);
    } else {
      const a = accPtr + (<usize>o << 3);
      if (op == MAX) store<f64>(a, max(load<f64>(a), extremeRow(true, xp, len)));
      else if (op == MIN) store<f64>(a, min(load<f64>(a), extremeRow(false, xp, len)));
      else {
        const ref = op == SUM ? <f32>0 : load<f32>(refPtr + (<usize>o << 2));
        store<f64>(a, load<f64>(a) + sumRow(op, xp, len, ref));
      }
    }
    xp += <usize>len << 2;
    for (let d = last - 1; d >= 0; d--) {
      const ip = idx + (<usize>d << 2);
      const k = load<i32>(ip) + 1;
      const st = geti(os, d);
      o += st;
      if (k < geti(dims, d)) {
        store<i32>(ip, k);
        break;
      }
      o -= st * geti(dims, d);
      store<i32>(ip, 0);
    }
  }
}

/** acc[i] = value for i < n (f64). */
export function reduceInit(accPtr: usize, n: i32, value: f64): void {
  for (let i = 0; i < n; i++) store<f64>(accPtr + (<usize>i << 3), value);
}

/** Combine x (collapsed by meta) into acc; op: 0 sum, 1 max, 2 min, 3 Σ(x−ref)², 4 Σe^{x−ref}. */
export function reduceAccumulate(op: i32, xPtr: usize, accPtr: usize, refPtr: usize, rank: i32, metaPtr: usize): void {
  switch (op) {
    case SUM: reduceLoop(SUM, xPtr, accPtr, refPtr, rank, metaPtr); break;
    case MAX: reduceLoop(MAX, xPtr, accPtr, refPtr, rank, metaPtr); break;
    case MIN: reduceLoop(MIN, xPtr, accPtr, refPtr, rank, metaPtr); break;
    case SQDEV: reduceLoop(SQDEV, xPtr, accPtr, refPtr, rank, metaPtr); break;
    case EXPDEV: reduceLoop(EXPDEV, xPtr, accPtr, refPtr, rank, metaPtr); break;
    default: break;
  }
}

/**
 * Write the outputs: mode 0 out = acc·scale; 1 out = acc with ±∞ replaced by 0 (the
 * logsumexp shift); 2 out = ln(acc) + ref (logsumexp).
 */
export function reduceFinish(mode: i32, accPtr: usize, refPtr: usize, outPtr: usize, n: i32, scale: f64): void {
  for (let i = 0; i < n; i++) {
    const a = load<f64>(accPtr + (<usize>i << 3));
    let r: f64;
    if (mode == 0) r = a * scale;
    else if (mode == 1) r = Math.abs(a) == Infinity ? 0 : a;
    else r = Math.log(a) + <f64>load<f32>(refPtr + (<usize>i << 2));
    store<f32>(outPtr + (<usize>i << 2), <f32>r);
  }
}

/** Index of the max (or min) along the middle axis of [outer, len, inner]; first occurrence
 * wins and NaN counts as the extreme (PyTorch). Writes int32 to outPtr ([outer, inner]). */
export function argReduceF32(isMin: i32, xPtr: usize, outPtr: usize, outer: i32, len: i32, inner: i32): void {
  for (let a = 0; a < outer; a++) {
    const base = xPtr + (<usize>(a * len * inner) << 2);
    for (let j = 0; j < inner; j++) {
      let best = load<f32>(base + (<usize>j << 2));
      let bi = 0;
      if (best == best) {
        for (let r = 1; r < len; r++) {
          const v = load<f32>(base + (<usize>(r * inner + j) << 2));
          if (v != v) {
            bi = r;
            break;
          }
          if (isMin ? v < best : v > best) {
            best = v;
            bi = r;
          }
        }
      }
      store<i32>(outPtr + (<usize>(a * inner + j) << 2), bi);
    }
  }
}

/**
 * In place: out[j] += Σ_i x[i·cols + j] for an [rows, cols] row-major x (a bias gradient:
 * the batch sum of dy, accumulated into the parameter's gradient). Each column sum is taken in
 * f64 in row order and rounded once, then added in f32 — the same numbers as summing to a
 * temporary and adding it, without the temporary.
 */
export function sumRowsAccumulateF32(xPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  const c4 = cols & ~3;
  let j = 0;
  for (; j < c4; j += 4) {
    let lo = f64x2.splat(0);
    let hi = f64x2.splat(0);
    let p = xPtr + (<usize>j << 2);
    for (let i = 0; i < rows; i++) {
      const v = v128.load(p);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
      p += rowBytes;
    }
    const o = outPtr + (<usize>j << 2);
    const sums = v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
    v128.store(o, f32x4.add(v128.load(o), sums));
  }
  for (; j < cols; j++) {
    let s: f64 = 0;
    let p = xPtr + (<usize>j << 2);
    for (let i = 0; i < rows; i++) {
      s += <f64>load<f32>(p);
      p += rowBytes;
    }
    const o = outPtr + (<usize>j << 2);
    store<f32>(o, load<f32>(o) + <f32>s);
  }
}
