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

/** Σ e^{x−m} over a row; when outPtr ≠ 0 also stores each e^{x−m} there. */
function rowSumExp(ptr: usize, outPtr: usize, n: i32, m: f32): f64 {
  const mv = f32x4.splat(m);
  let total: f64 = 0;
  const n4 = n & ~3;
  let i = 0;
  while (i < n4) {
    const end = min(i + BLOCK, n4);
    let s = f32x4.splat(0);
    for (; i < end; i += 4) {
      const o = <usize>i << 2;
      const e = expV(f32x4.sub(v128.load(ptr + o), mv));
      if (outPtr) v128.store(outPtr + o, e);
      s = f32x4.add(s, e);
    }
    total += hsum(s);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const e = first(expV(f32x4.sub(v128.load32_splat(ptr + o), mv)));
    if (outPtr) store<f32>(outPtr + o, e);
    total += <f64>e;
  }
  return total;
}

/** Σ a[i]·b[i] (b = 0 means Σ a[i]) in f64 blocks. */
function rowDot(aPtr: usize, bPtr: usize, n: i32): f64 {
  let total: f64 = 0;
  const n4 = n & ~3;
  let i = 0;
  while (i < n4) {
    const end = min(i + BLOCK, n4);
    let s = f32x4.splat(0);
    for (; i < end; i += 4) {
      const o = <usize>i << 2;
      const a = v128.load(aPtr + o);
      s = f32x4.add(s, bPtr ? f32x4.mul(a, v128.load(bPtr + o)) : a);
    }
    total += hsum(s);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const a = load<f32>(aPtr + o);
    total += <f64>(bPtr ? a * load<f32>(bPtr + o) : a);
  }
  return total;
}

// @ts-ignore: decorator
@inline function scaleRow(ptr: usize, n: i32, s: f32): void {
  const sv = f32x4.splat(s);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) v128.store(ptr + (<usize>i << 2), f32x4.mul(v128.load(ptr + (<usize>i << 2)), sv));
  for (; i < n; i++) store<f32>(ptr + (<usize>i << 2), load<f32>(ptr + (<usize>i << 2)) * s);
}

/** out = e^{x − max} / Σ e^{x − max} per row */
export function softmaxF32(xPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const m = rowMax(xPtr + off, cols);
    const s = rowSumExp(xPtr + off, outPtr + off, cols, m);
    scaleRow(outPtr + off, cols, <f32>(1.0 / s));
  }
}

/** out = (x − max) − ln Σ e^{x − max} per row (x − max is exact near the max) */
export function logSoftmaxF32(xPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const m = rowMax(xPtr + off, cols);
    const mv = f32x4.splat(m);
    const lv = f32x4.splat(<f32>Math.log(rowSumExp(xPtr + off, 0, cols, m)));
    const n4 = cols & ~3;
    let i = 0;
    for (; i < n4; i += 4) {
      const o = off + (<usize>i << 2);
      v128.store(outPtr + o, f32x4.sub(f32x4.sub(v128.load(xPtr + o), mv), lv));
    }
    for (; i < cols; i++) {
      const o = off + (<usize>i << 2);
      store<f32>(outPtr + o, first(f32x4.sub(f32x4.sub(v128.load32_splat(xPtr + o), mv), lv)));
    }
  }
}

/** dx = y ⊙ (dy − Σ dy⊙y) per row (y = softmax output) */
export function softmaxBackwardF32(yPtr: usize, dyPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const dot = f32x4.splat(<f32>rowDot(yPtr + off, dyPtr + off, cols));
    const n4 = cols & ~3;
    let i = 0;
    for (; i < n4; i += 4) {
      const o = off + (<usize>i << 2);
      v128.store(outPtr + o, f32x4.mul(v128.load(yPtr + o), f32x4.sub(v128.load(dyPtr + o), dot)));
    }
    for (; i < cols; i++) {
      const o = off + (<usize>i << 2);
      store<f32>(outPtr + o, first(f32x4.mul(v128.load32_splat(yPtr + o), f32x4.sub(v128.load32_splat(dyPtr + o), dot))));
    }
  }
}

/** dx = dy − e^{y} ⊙ Σ dy per row (y = log-softmax output) */
export function logSoftmaxBackwardF32(yPtr: usize, dyPtr: usize, outPtr: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const s = f32x4.splat(<f32>rowDot(dyPtr + off, 0, cols));
    const n4 = cols & ~3;
    let i = 0;
    for (; i < n4; i += 4) {
      const o = off + (<usize>i << 2);
      v128.store(outPtr + o, f32x4.sub(v128.load(dyPtr + o), f32x4.mul(expV(v128.load(yPtr + o)), s)));
    }
    for (; i < cols; i++) {
      const o = off + (<usize>i << 2);
      const v = f32x4.sub(v128.load32_splat(dyPtr + o), f32x4.mul(expV(v128.load32_splat(yPtr + o)), s));
      store<f32>(outPtr + o, first(v));
    }
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
    const inv = f32x4.splat(<f32>(1.0 / s));
    const n4 = cols & ~3;
    let i = 0;
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(g + o, f32x4.sub(f32x4.mul(v128.load(g + o), inv), off0));
    }
    for (; i < cols; i++) {
      const o = <usize>i << 2;
      store<f32>(g + o, first(f32x4.sub(f32x4.mul(v128.load32_splat(g + o), inv), off0)));
    }
    const tp = g + (<usize>t << 2);
    store<f32>(tp, load<f32>(tp) - (1 - eps));
  }
}
