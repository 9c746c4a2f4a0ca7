// Softmax family over the rows of a contiguous [rows, cols] matrix. Every row is shifted by its
// max before exponentiating, so logits of ±1000 stay finite; row sums accumulate in f64 blocks.
import { expV, first } from './math';

const BLOCK = 1024;

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return (<f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1)) + (<f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3));
}

function rowMax(ptr: usize, n: i32): f32 {
  let b0 = f32x4.splat(-Infinity);
  let b1 = b0;
  const n8 = n & ~7;
  let i = 0;
  for (; i < n8; i += 8) {
    b0 = f32x4.max(b0, v128.load(ptr + (<usize>i << 2)));
    b1 = f32x4.max(b1, v128.load(ptr + (<usize>i << 2), 16));
  }
  let best = f32x4.max(b0, b1);
  const n4 = n & ~3;
  for (; i < n4; i += 4) best = f32x4.max(best, v128.load(ptr + (<usize>i << 2)));
  for (; i < n; i++) best = f32x4.max(best, v128.load32_splat(ptr + (<usize>i << 2)));
  return max(max(f32x4.extract_lane(best, 0), f32x4.extract_lane(best, 1)), max(f32x4.extract_lane(best, 2), f32x4.extract_lane(best, 3)));
}

/**
 * Σ over a row of a per-element term, four lanes at a time; each block of BLOCK elements sums
 * in f32x4 and is added to an f64 total, the scalar tail element by element. `T` is a stateless
 * class (called on a null receiver that is never read, as no static calls on type parameters
 * exist) with @inline `vec(a, b, o, mv): v128` and `one(a, b, o, mv): f32` at byte offset o.
 */
// @ts-ignore: decorator
@inline function blockSum<T>(aPtr: usize, bPtr: usize, n: i32, mv: v128): f64 {
  const term = changetype<T>(0);
  let total: f64 = 0;
  const n4 = n & ~3;
  let i = 0;
  while (i < n4) {
    const end = min(i + BLOCK, n4);
    let s = f32x4.splat(0);
    for (; i < end; i += 4) s = f32x4.add(s, term.vec(aPtr, bPtr, <usize>i << 2, mv));
    total += hsum(s);
  }
  for (; i < n; i++) total += <f64>term.one(aPtr, bPtr, <usize>i << 2, mv);
  return total;
}

/** e^{x−m} (mv = m in every lane), also stored at `out` when out ≠ 0. */
class ShiftedExp {
  // @ts-ignore: decorator
  @inline vec(x: usize, out: usize, o: usize, mv: v128): v128 {
    const e = expV(f32x4.sub(v128.load(x + o), mv));
    if (out) v128.store(out + o, e);
    return e;
  }

  // @ts-ignore: decorator
  @inline one(x: usize, out: usize, o: usize, mv: v128): f32 {
    const e = first(expV(f32x4.sub(v128.load32_splat(x + o), mv)));
    if (out) store<f32>(out + o, e);
    return e;
  }
}

/** a·b, or a when b = 0. */
class Product {
  // @ts-ignore: decorator
  @inline vec(a: usize, b: usize, o: usize, _mv: v128): v128 {
    const x = v128.load(a + o);
    return b ? f32x4.mul(x, v128.load(b + o)) : x;
  }

  // @ts-ignore: decorator
  @inline one(a: usize, b: usize, o: usize, _mv: v128): f32 {
    const x = load<f32>(a + o);
    return b ? x * load<f32>(b + o) : x;
  }
}

/** Σ e^{x−m} over a row; when outPtr ≠ 0 also stores each e^{x−m} there. */
function rowSumExp(ptr: usize, outPtr: usize, n: i32, m: f32): f64 {
  return blockSum<ShiftedExp>(ptr, outPtr, n, f32x4.splat(m));
}

/** Σ a[i]·b[i] (b = 0 means Σ a[i]) in f64 blocks. */
function rowDot(aPtr: usize, bPtr: usize, n: i32): f64 {
  return blockSum<Product>(aPtr, bPtr, n, f32x4.splat(0));
}

/**
 * out[i] = f(a[i], b[i], p, q) over a row, four lanes at a time; the tail runs the same f32x4
 * math on lane 0, so tail elements round exactly as the others. `F` is a stateless class with
 * @inline `apply(a, b, p, q): v128` and `binary(): bool`, a constant: false means b is unused
 * and never loaded.
 */
// @ts-ignore: decorator
@inline function mapRow<F>(outPtr: usize, aPtr: usize, bPtr: usize, n: i32, p: v128, q: v128): void {
  const f = changetype<F>(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const a = v128.load(aPtr + o);
    v128.store(outPtr + o, f.apply(a, f.binary() ? v128.load(bPtr + o) : a, p, q));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const a = v128.load32_splat(aPtr + o);
    store<f32>(outPtr + o, first(f.apply(a, f.binary() ? v128.load32_splat(bPtr + o) : a, p, q)));
  }
}

/** a·p */
class Scale {
  // @ts-ignore: decorator
  @inline binary(): bool { return false; }
  // @ts-ignore: decorator
  @inline apply(a: v128, _b: v128, p: v128, _q: v128): v128 { return f32x4.mul(a, p); }
}

/** (a − p) − q */
class SubSub {
  // @ts-ignore: decorator
  @inline binary(): bool { return false; }
  // @ts-ignore: decorator
  @inline apply(a: v128, _b: v128, p: v128, q: v128): v128 { return f32x4.sub(f32x4.sub(a, p), q); }
}

/** a·p − q */
class MulSub {
  // @ts-ignore: decorator
  @inline binary(): bool { return false; }
  // @ts-ignore: decorator
  @inline apply(a: v128, _b: v128, p: v128, q: v128): v128 { return f32x4.sub(f32x4.mul(a, p), q); }
}

/** y ⊙ (dy − p), a = y, b = dy */
class SoftmaxGrad {
  // @ts-ignore: decorator
  @inline binary(): bool { return true; }
  // @ts-ignore: decorator
  @inline apply(y: v128, dy: v128, p: v128, _q: v128): v128 { return f32x4.mul(y, f32x4.sub(dy, p)); }
}

/** dy − e^{y} ⊙ p, a = dy, b = y */
class LogSoftmaxGrad {
  // @ts-ignore: decorator
  @inline binary(): bool { return true; }
  // @ts-ignore: decorator
  @inline apply(dy: v128, y: v128, p: v128, _q: v128): v128 { return f32x4.sub(dy, f32x4.mul(expV(y), p)); }
}

/** out = e^{x − max} / Σ e^{x − max} per row */
export function softmaxF32(xPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const m = rowMax(xPtr + off, cols);
    const s = rowSumExp(xPtr + off, outPtr + off, cols, m);
    const o = outPtr + off;
    mapRow<Scale>(o, o, o, cols, f32x4.splat(<f32>(1.0 / s)), f32x4.splat(0));
  }
}

/** out = (x − max) − ln Σ e^{x − max} per row (x − max is exact near the max) */
export function logSoftmaxF32(xPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const m = rowMax(xPtr + off, cols);
    const lv = f32x4.splat(<f32>Math.log(rowSumExp(xPtr + off, 0, cols, m)));
    mapRow<SubSub>(outPtr + off, xPtr + off, xPtr + off, cols, f32x4.splat(m), lv);
  }
}

/** dx = y ⊙ (dy − Σ dy⊙y) per row (y = softmax output) */
export function softmaxBackwardF32(yPtr: usize, dyPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const dot = f32x4.splat(<f32>rowDot(yPtr + off, dyPtr + off, cols));
    mapRow<SoftmaxGrad>(outPtr + off, yPtr + off, dyPtr + off, cols, dot, dot);
  }
}

/** dx = dy − e^{y} ⊙ Σ dy per row (y = log-softmax output) */
export function logSoftmaxBackwardF32(yPtr: usize, dyPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const s = f32x4.splat(<f32>rowDot(dyPtr + off, 0, cols));
    mapRow<LogSoftmaxGrad>(outPtr + off, dyPtr + off, yPtr + off, cols, s, s);
  }
}

/**
 * Per-row cross-entropy with label smoothing ε: target q = (1−ε)·onehot(t) + ε/C.
 * loss = ln Σ e^{x−m} − (1−ε)(x_t − m) − (ε/C)·Σ (x_j − m);  grad = softmax(x) − q.
 * targets are int32 in [0, cols) (checked by the caller).
 */
export function softmaxCrossEntropyF32(xPtr: usize, targetsPtr: usize, lossPtr: usize, gradPtr: usize, rows: i32, cols: i32, eps: f32): void {
  const off0 = f32x4.splat(eps / <f32>cols);
  const epsC: f64 = <f64>eps / <f64>cols;
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const x = xPtr + off;
    const g = gradPtr + off;
    const t = load<i32>(targetsPtr + (<usize>r << 2));
    const m = rowMax(x, cols);
    const s = rowSumExp(x, g, cols, m);
    const sumX = rowDot(x, 0, cols);
    const xt = <f64>load<f32>(x + (<usize>t << 2));
    const loss = Math.log(s) - (1.0 - <f64>eps) * (xt - <f64>m) - epsC * (sumX - <f64>cols * <f64>m);
    store<f32>(lossPtr + (<usize>r << 2), <f32>loss);
    mapRow<MulSub>(g, g, g, cols, f32x4.splat(<f32>(1.0 / s)), off0);
    const tp = g + (<usize>t << 2);
    store<f32>(tp, load<f32>(tp) - (1 - eps));
  }
}
