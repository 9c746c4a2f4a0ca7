// f32x4 transcendental functions for the elementwise kernels. Each works on four lanes; scalar
// tails call the same function on a splat and take lane 0, so a value gives the same bits
// wherever it sits in a buffer. Accuracy (vs f64, tested in src/kernels/*.test.ts):
// exp, log ~1-2 ulp (Cephes expf/logf); tanh ~2 ulp; erf ≤ 1e-7 absolute; Φ(x) ~1e-6
// relative down to x = −12 (e^{−x²/2} is split so that x² does not round); sin, cos ≤ 1.1e-7
// absolute, ≤ 2.1 ulp, and ≤ 4e-7 relative next to their zeros on |x| ≤ 5e4 (f64 NativeMath beyond).
import { madd } from './simd';

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

// @ts-ignore: decorator
@inline export function first(v: v128): f32 {
  return f32x4.extract_lane(v, 0);
}

/** e^x: x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite), e^r by a degree-6 polynomial, 2^n applied
 * as two factors so that results from denormals up to FLT_MAX stay exact in the exponent. */
// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  const hi = splat(88.72283935546875);
  const lo = splat(-103.97207708);
  // pmin/pmax are single instructions; in this operand order a NaN x passes through.
  const xc = f32x4.pmax(f32x4.pmin(x, hi), lo);
  // n = round(x·log2 e) by the 1.5·2²³ trick: the sum's low mantissa bits hold n as an integer.
  const kf = f32x4.add(f32x4.mul(xc, splat(1.44269504088896341)), splat(12582912.0));
  const n = f32x4.sub(kf, splat(12582912.0));
  let r = f32x4.sub(xc, f32x4.mul(n, splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let p = splat(1.9875691500e-4);
  p = madd(p, r, splat(1.3981999507e-3));
  p = madd(p, r, splat(8.3334519073e-3));
  p = madd(p, r, splat(4.1665795894e-2));
  p = madd(p, r, splat(1.6666665459e-1));
  p = madd(p, r, splat(5.0000001201e-1));
  p = f32x4.add(madd(p, z, r), splat(1.0));
  const ni = i32x4.sub(kf, i32x4.splat(0x4b400000));
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  let y = f32x4.mul(f32x4.mul(p, s1), s2);
  y = v128.bitselect(splat(Infinity), y, f32x4.gt(x, hi));
  return v128.bitselect(splat(0), y, f32x4.lt(x, lo));
}

/** ln x: x = m·2^e with m in [√½, √2), ln(m) by Cephes' degree-9 polynomial in m−1. */
// @ts-ignore: decorator
@inline export function logV(x: v128): v128 {
  const den = f32x4.lt(x, splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, splat(8388608.0)), x, den);
  let e = i32x4.sub(i32x4.shr_u(xs, 23), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(den, i32x4.splat(23)));
  let m = v128.or(v128.and(xs, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  let ef = f32x4.convert_i32x4_s(e);
  const small = f32x4.lt(m, splat(0.707106781186547524));
  ef = f32x4.sub(ef, v128.and(small, splat(1.0)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), splat(1.0));
  const z = f32x4.mul(m, m);
  let y = splat(7.0376836292e-2);
  y = madd(y, m, splat(-1.1514610310e-1));
  y = madd(y, m, splat(1.1676998740e-1));
  y = madd(y, m, splat(-1.2420140846e-1));
  y = madd(y, m, splat(1.4249322787e-1));
  y = madd(y, m, splat(-1.6668057665e-1));
  y = madd(y, m, splat(2.0000714765e-1));
  y = madd(y, m, splat(-2.4999993993e-1));
  y = madd(y, m, splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = madd(ef, splat(-2.12194440e-4), y);
  y = madd(z, splat(-0.5), y);
  let r = f32x4.add(m, y);
  r = madd(ef, splat(0.693359375), r);
  r = v128.bitselect(splat(-Infinity), r, f32x4.eq(x, splat(0)));
  r = v128.bitselect(splat(NaN), r, f32x4.lt(x, splat(0)));
  r = v128.bitselect(splat(Infinity), r, f32x4.eq(x, splat(Infinity)));
  return v128.bitselect(x, r, f32x4.ne(x, x));
}

/** e^x − 1 without cancellation near 0 (Kahan): (u−1)·x / ln u with u = e^x. */
// @ts-ignore: decorator
@inline export function expm1V(x: v128): v128 {
  const u = expV(x);
  const um1 = f32x4.sub(u, splat(1.0));
  let r = f32x4.div(f32x4.mul(um1, x), logV(u));
  r = v128.bitselect(x, r, f32x4.eq(u, splat(1.0)));
  r = v128.bitselect(splat(-1.0), r, f32x4.eq(um1, splat(-1.0)));
  return v128.bitselect(u, r, f32x4.eq(u, splat(Infinity)));
}

/** ln(1 + u) for u ≥ 0 without losing small u (Goldberg): ln(w)·u/(w−1) with w = 1 + u. */
// @ts-ignore: decorator
@inline export function log1pV(u: v128): v128 {
  const w = f32x4.add(u, splat(1.0));
  const d = f32x4.sub(w, splat(1.0));
  const r = f32x4.div(f32x4.mul(logV(w), u), d);
  return v128.bitselect(u, r, f32x4.eq(d, splat(0)));
}

/** tanh: odd polynomial for |x| < 0.625 (Cephes), else 1 − 2/(e^{2|x|} + 1) with x's sign. */
// @ts-ignore: decorator
@inline export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = splat(-5.70498872745e-3);
  p = madd(p, z, splat(2.06390887954e-2));
  p = madd(p, z, splat(-5.37397155531e-2));
  p = madd(p, z, splat(1.33314422036e-1));
  p = madd(p, z, splat(-3.33332819422e-1));
  // (the sign bit keeps tanh(−0) = −0)
  const small = v128.or(madd(f32x4.mul(p, z), x, x), v128.and(x, i32x4.splat(0x80000000)));
  const e = expV(f32x4.add(ax, ax));
  const big = f32x4.sub(splat(1.0), f32x4.div(splat(2.0), f32x4.add(e, splat(1.0))));
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, splat(0.625)));
}

/** 1 / (1 + e^{−x}) */
// @ts-ignore: decorator
@inline export function sigmoidV(x: v128): v128 {
  return f32x4.div(splat(1.0), f32x4.add(splat(1.0), expV(f32x4.neg(x))));
}

/** erf(t)/t = P(t²) for 0 ≤ t < 0.921875 (least-squares fit, ~1.7e-7 relative). */
// @ts-ignore: decorator
@inline function erfSmallV(t: v128, s: v128): v128 {
  let p = splat(-0.0006008741911500692);
  p = madd(p, s, splat(0.00499701639637351));
  p = madd(p, s, splat(-0.026769503951072693));
  p = madd(p, s, splat(0.11281905323266983));
  p = madd(p, s, splat(-0.3761250376701355));
  p = madd(p, s, splat(1.1283791065216064));
  return f32x4.mul(t, p);
}

/** R(t) = ln erfc(t) + t² on [0.921875, 9.25], a degree-11 polynomial in u = (t − 5.0859375)·0.24015. */
// @ts-ignore: decorator
@inline function erfcLogCorrV(t: v128): v128 {
  const u = f32x4.mul(f32x4.sub(t, splat(5.0859375)), splat(0.2401500940322876));
  let q = splat(-0.001356332446448505);
  q = madd(q, u, splat(0.0035761240869760513));
  q = madd(q, u, splat(-0.004008142743259668));
  q = madd(q, u, splat(0.006142388563603163));
  q = madd(q, u, splat(-0.01382495928555727));
  q = madd(q, u, splat(0.025596389546990395));
  q = madd(q, u, splat(-0.044423315674066544));
  q = madd(q, u, splat(0.07972438633441925));
  q = madd(q, u, splat(-0.14863130450248718));
  q = madd(q, u, splat(0.30155062675476074));
  q = madd(q, u, splat(-0.7897763848304749));
  return madd(q, u, splat(-2.2173187732696533));
}

/** e^{−x²/2} without the f32 rounding of x²: x = h + l with h holding the top 12 bits, so
 * h² is exact and e^{−x²/2} = e^{−h²/2}·e^{−(x−h)(x+h)/2}. */
// @ts-ignore: decorator
@inline export function expNegHalfSquareV(x: v128): v128 {
  const a = f32x4.abs(x);
  const h = v128.and(a, i32x4.splat(0xfffff000));
  const lo = f32x4.mul(f32x4.sub(a, h), f32x4.add(a, h));
  return f32x4.mul(expV(f32x4.mul(f32x4.mul(h, h), splat(-0.5))), expV(f32x4.mul(lo, splat(-0.5))));
}

/** erf(x) with x's sign: t·P(t²) below 0.921875, else 1 − e^{R(t) − t²} (≤ 1e-7 absolute). */
// @ts-ignore: decorator
@inline export function erfV(x: v128): v128 {
  const t = f32x4.abs(x);
  const s = f32x4.mul(t, t);
  const small = v128.or(erfSmallV(t, s), v128.and(x, i32x4.splat(0x80000000)));
  const tail = v128.bitselect(splat(0), expV(f32x4.sub(erfcLogCorrV(t), s)), f32x4.gt(t, splat(9.25)));
  const big = v128.or(f32x4.sub(splat(1.0), tail), v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, big, f32x4.lt(t, splat(0.921875)));
}

/** Φ(x) = ½·erfc(|x|/√2) for x < 0 and 1 − that for x ≥ 0, accurate in relative terms in the
 * lower tail: the e^{−x²/2} factor is split as in expNegHalfSquareV (~1e-6 out to x = −12). */
// @ts-ignore: decorator
@inline export function normalCdfV(x: v128): v128 {
  const a = f32x4.abs(x);
  const t = f32x4.mul(a, splat(0.7071067811865476));
  const small = f32x4.mul(f32x4.sub(splat(1.0), erfSmallV(t, f32x4.mul(t, t))), splat(0.5));
  const h = v128.and(a, i32x4.splat(0xfffff000));
  const lo = f32x4.mul(f32x4.sub(a, h), f32x4.add(a, h));
  const e1 = expV(f32x4.mul(f32x4.mul(h, h), splat(-0.5)));
  const e2 = expV(madd(lo, splat(-0.5), erfcLogCorrV(t)));
  const tail = v128.bitselect(splat(0), f32x4.mul(f32x4.mul(e1, e2), splat(0.5)), f32x4.gt(t, splat(9.25)));
  const half = v128.bitselect(small, tail, f32x4.lt(t, splat(0.921875)));
  return v128.bitselect(half, f32x4.sub(splat(1.0), half), f32x4.lt(x, splat(0)));
}

/** x^n for a uniform integer n ≥ 0 by binary powering. */
// @ts-ignore: decorator
@inline export function powiV(x: v128, n: i32): v128 {
  let result = splat(1.0);
  let base = x;
  let k = n;
  while (k > 0) {
    if (k & 1) result = f32x4.mul(result, base);
    base = f32x4.mul(base, base);
    k >>= 1;
  }
  return result;
}

/** a^b per lane with C/PyTorch semantics: b = 0 → 1; a < 0 needs an integer b (sign by parity), else NaN. */
// @ts-ignore: decorator
@inline export function powV(a: v128, b: v128): v128 {
  const mag = expV(f32x4.mul(b, logV(f32x4.abs(a))));
  const isInt = f32x4.eq(f32x4.nearest(b), b);
  const hb = f32x4.mul(b, splat(0.5));
  const odd = v128.and(isInt, f32x4.ne(f32x4.nearest(hb), hb));
  const neg = f32x4.lt(a, splat(0));
  let r = v128.bitselect(f32x4.neg(mag), mag, v128.and(neg, odd));
  r = v128.bitselect(splat(NaN), r, v128.andnot(neg, isInt));
  return v128.bitselect(splat(1.0), r, v128.or(f32x4.eq(b, splat(0)), f32x4.eq(a, splat(1.0))));
}

/** |x| up to which sinCosV reduces in SIMD: n = round(x·2/π) ≤ 2¹⁵ keeps n·PIO2_1..3 exact. */
const TRIG_SIMD_MAX: f32 = 50000.0;

/** sin (shift 0) or cos (shift 1) per lane from the reduced r: quadrant q = n + shift picks
 * ±sin r or ±cos r. Cephes sinf/cosf polynomials on |r| ≤ π/4 (~1 ulp). */
// @ts-ignore: decorator
@inline function trigPolyV(r: v128, q: v128): v128 {
  const z = f32x4.mul(r, r);
  let s = splat(-1.9515295891e-4);
  s = madd(s, z, splat(8.3321608736e-3));
  s = madd(s, z, splat(-1.6666654611e-1));
  s = madd(f32x4.mul(s, z), r, r);
  let c = splat(2.443315711809948e-5);
  c = madd(c, z, splat(-1.388731625493765e-3));
  c = madd(c, z, splat(4.166664568298827e-2));
  c = madd(f32x4.mul(c, z), z, madd(z, splat(-0.5), splat(1.0)));
  const swap = i32x4.ne(v128.and(q, i32x4.splat(1)), i32x4.splat(0));
  const y = v128.bitselect(c, s, swap);
  // quadrants 2 and 3 flip the sign: bit 1 of q moved to the sign bit
  return v128.xor(y, i32x4.shl(v128.and(q, i32x4.splat(2)), 30));
}

/** Lanes with |x| > TRIG_SIMD_MAX (and ±∞) in f64 NativeMath, whose reduction is exact at any size. */
function trigHugeV(x: v128, y: v128, cos: bool): v128 {
  let r = y;
  const t = TRIG_SIMD_MAX;
  const x0 = f32x4.extract_lane(x, 0);
  const x1 = f32x4.extract_lane(x, 1);
  const x2 = f32x4.extract_lane(x, 2);
  const x3 = f32x4.extract_lane(x, 3);
  if (!(Mathf.abs(x0) <= t)) r = f32x4.replace_lane(r, 0, <f32>(cos ? Math.cos(x0) : Math.sin(x0)));
  if (!(Mathf.abs(x1) <= t)) r = f32x4.replace_lane(r, 1, <f32>(cos ? Math.cos(x1) : Math.sin(x1)));
  if (!(Mathf.abs(x2) <= t)) r = f32x4.replace_lane(r, 2, <f32>(cos ? Math.cos(x2) : Math.sin(x2)));
  if (!(Mathf.abs(x3) <= t)) r = f32x4.replace_lane(r, 3, <f32>(cos ? Math.cos(x3) : Math.sin(x3)));
  return r;
}

/**
 * sin x (shift 0) or cos x (shift 1). Cody–Waite reduction x = n·π/2 + r, |r| ≲ π/4, with π/2
 * split in four parts: the first three have ≤ 9 significant bits, so for n ≤ 2¹⁵ the products
 * n·PIO2_k and the first two subtractions are exact, and r is accurate to ~1e-14 absolute plus
 * f32 rounding relative to r (so sin stays accurate in relative terms near its zeros).
 * Lanes beyond |x| = 5e4 take the scalar path (rare: one any_true per vector otherwise).
 */
// @ts-ignore: decorator
@inline function sinCosV(x: v128, shift: i32): v128 {
  const n = f32x4.nearest(f32x4.mul(x, splat(0.636619772367581343)));
  let r = f32x4.sub(x, f32x4.mul(n, splat(1.5703125)));
  r = f32x4.sub(r, f32x4.mul(n, splat(4.8351287841796875e-4)));
  r = f32x4.sub(r, f32x4.mul(n, splat(3.1385570764541626e-7)));
  r = f32x4.sub(r, f32x4.mul(n, splat(6.07710062827671e-11)));
  const q = i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(shift));
  let y = trigPolyV(r, q);
  const huge = f32x4.gt(f32x4.abs(x), splat(TRIG_SIMD_MAX));
  if (v128.any_true(huge)) y = trigHugeV(x, y, shift != 0);
  return y;
}

/** sin x; sin(±0) = ±0, sin(±∞) = NaN. */
// @ts-ignore: decorator
@inline export function sinV(x: v128): v128 {
  // r = x − n·c turns −0 into +0 (−0 − −0 = +0): zeros pass through unchanged
  return v128.bitselect(x, sinCosV(x, 0), f32x4.eq(x, splat(0)));
}

/** cos x; cos(±∞) = NaN. */
// @ts-ignore: decorator
@inline export function cosV(x: v128): v128 {
  return sinCosV(x, 1);
}
