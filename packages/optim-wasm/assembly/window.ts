// Window bookkeeping of the convolution and pooling kernels (conv.ts, max-pool.ts). A window
// whose first tap sits at input coordinate i0 (= o·stride − pad) reads i0 + k·dilation for
// k = 0 … kernel−1; the taps inside [0, n) are a contiguous range [tapLo, tapHi), computed once
// per window so that the inner loops never test bounds.

/** ⌈a / b⌉ for b > 0, and 0 when a ≤ 0. */
// @ts-ignore: decorator
@inline export function ceilDivPos(a: i32, b: i32): i32 {
  return a <= 0 ? 0 : (a + b - 1) / b;
}

// @ts-ignore: decorator
@inline export function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

// @ts-ignore: decorator
@inline export function clamp(v: i32, lo: i32, hi: i32): i32 {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The first tap k with i0 + k·d ≥ 0 (may exceed the kernel: then the range is empty). */
// @ts-ignore: decorator
@inline export function tapLo(i0: i32, d: i32): i32 {
  return ceilDivPos(-i0, d);
}

/** One past the last tap k < kernel with i0 + k·d < n. */
// @ts-ignore: decorator
@inline export function tapHi(i0: i32, d: i32, n: i32, kernel: i32): i32 {
  return n - i0 <= 0 ? 0 : clamp(ceilDivPos(n - i0, d), 0, kernel);
}
