// Gradient pre-steps: norms (accumulated in f64 so a 10M-element norm does not drift), in-place
// scaling and clamping, a non-finite count and a scaled add (gradient noise).

// @ts-ignore: decorator
@inline function at(ptr: usize, i: i32): usize {
  return ptr + (<usize>i << 2);
}

/** Σ x², squared and accumulated in f64 lanes. */
export function sumOfSquares(xPtr: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const x = v128.load(at(xPtr, i));
    const lo = f64x2.promote_low_f32x4(x);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
    a0 = f64x2.add(a0, f64x2.mul(lo, lo));
    a1 = f64x2.add(a1, f64x2.mul(hi, hi));
  }
  let s = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1) + f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  for (; i < n; i++) {
    const x = <f64>load<f32>(at(xPtr, i));
    s += x * x;
  }
  return s;
}

/** Σ |x|, accumulated in f64 lanes. */
export function sumAbs(xPtr: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const x = f32x4.abs(v128.load(at(xPtr, i)));
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(x));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)));
  }
  let s = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1) + f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  for (; i < n; i++) s += <f64>Mathf.abs(load<f32>(at(xPtr, i)));
  return s;
}

/** max |x| (NaN if any element is NaN). */
export function maxAbs(xPtr: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) acc = f32x4.max(acc, f32x4.abs(v128.load(at(xPtr, i))));
  let m = max(max(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), max(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
  for (; i < n; i++) m = max(m, Mathf.abs(load<f32>(at(xPtr, i))));
  return m;
}

/** Σ |x|^p for a general p (scalar loop, f64). */
export function sumPowAbs(xPtr: usize, n: i32, p: f64): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += Math.pow(Math.abs(<f64>load<f32>(at(xPtr, i))), p);
  return s;
}

/** x *= s, in place. */
export function scaleInPlace(xPtr: usize, n: i32, s: f32): void {
  const vs = f32x4.splat(s);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) v128.store(at(xPtr, i), f32x4.mul(v128.load(at(xPtr, i)), vs));
  for (; i < n; i++) store<f32>(at(xPtr, i), load<f32>(at(xPtr, i)) * s);
}

/** x = min(max(x, lo), hi), in place (NaN stays NaN). */
export function clipInPlace(xPtr: usize, n: i32, lo: f32, hi: f32): void {
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) v128.store(at(xPtr, i), f32x4.min(f32x4.max(v128.load(at(xPtr, i)), vlo), vhi));
  for (; i < n; i++) store<f32>(at(xPtr, i), min(max(load<f32>(at(xPtr, i)), lo), hi));
}

/** The number of inf/NaN elements. */
export function countNonFinite(xPtr: usize, n: i32): i32 {
  let acc = i32x4.splat(0);
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const x = v128.load(at(xPtr, i));
    acc = i32x4.sub(acc, f32x4.ne(f32x4.sub(x, x), zero));
  }
  let c = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  for (; i < n; i++) {
    const x = load<f32>(at(xPtr, i));
    if (x - x != 0) c++;
  }
  return c;
}

/** x += alpha * y, in place (adds a noise buffer to the gradients). */
export function addScaledInPlace(xPtr: usize, yPtr: usize, n: i32, alpha: f32): void {
  const va = f32x4.splat(alpha);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    v128.store(at(xPtr, i), f32x4.add(v128.load(at(xPtr, i)), f32x4.mul(va, v128.load(at(yPtr, i)))));
  }
  for (; i < n; i++) store<f32>(at(xPtr, i), load<f32>(at(xPtr, i)) + alpha * load<f32>(at(yPtr, i)));
}
