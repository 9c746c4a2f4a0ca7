// sin, cos, exp and log with the same bits on every JavaScript engine. Math.sin and Math.cos are
// not specified to the bit and engines differ (Node 20's V8 uses fdlibm, Chromium's newer V8 a
// libm-derived version: 1 ulp apart on some inputs), which would make a seeded run differ between
// Node and a browser. These follow fdlibm's algorithms (Sun Microsystems, freely distributable)
// using only +, −, ×, ÷, which IEEE 754 defines exactly, so every engine computes the same
// result — the one fdlibm, and so Node 20's Math, gives.
import { DescentError } from '../errors.js';

const words = new DataView(new ArrayBuffer(8));
function hi(x: number): number {
  words.setFloat64(0, x);
  return words.getInt32(0);
}
function lo(x: number): number {
  words.setFloat64(0, x);
  return words.getUint32(4);
}
function fromWords(h: number, l: number): number {
  words.setInt32(0, h);
  words.setUint32(4, l);
  return words.getFloat64(0);
}

// ---- sin / cos --------------------------------------------------------------------------------

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;

/** sin(x + y) for |x| ≤ π/4, y the tail of the reduced argument (yIsZero skips it). */
function kernelSin(x: number, y: number, yIsZero: boolean): number {
  const ix = hi(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (x | 0) === 0) return x; // |x| < 2^-27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (yIsZero) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

/** cos(x + y) for |x| ≤ π/4. */
function kernelCos(x: number, y: number): number {
  const ix = hi(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (x | 0) === 0) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0); // x/4, cut to the high word
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417; // the first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // π/2 − PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // the next 33 bits
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
/** |x| ≤ 2^20·π/2: the range the three-part reduction covers exactly. */
const MAX_REDUCIBLE_HI = 0x413921fb;

/** High words of n·π/2, n = 1…32: an argument whose high word differs cannot cancel badly. */
const NPIO2_HW = Array.from({ length: 32 }, (_, i) => hi(((i + 1) * Math.PI) / 2));

const reduced = [0, 0];

/** x = n·π/2 + (reduced[0] + reduced[1]); returns n. */
function remPio2(op: string, x: number): number {
  const hx = hi(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1
    const s = hx > 0 ? 1 : -1;
    let z = x - s * PIO2_1;
    if (ix !== 0x3ff921fb) {
      reduced[0] = z - s * PIO2_1T;
      reduced[1] = z - reduced[0] - s * PIO2_1T;
    } else {
      // near π/2: 33 + 33 + 53 bits of π
      z -= s * PIO2_2;
      reduced[0] = z - s * PIO2_2T;
      reduced[1] = z - reduced[0] - s * PIO2_2T;
    }
    return s;
  }
  if (ix > MAX_REDUCIBLE_HI) {
    throw new DescentError('value', `${op}: |x| ≤ 1647099 (2^20·π/2) is the range computed the same on every engine, got ${x}`);
  }
  const t = Math.abs(x);
  const n = (t * INV_PIO2 + 0.5) | 0;
  const fn = n;
  let r = t - fn * PIO2_1;
  let w = fn * PIO2_1T; // good to 85 bits
  const j = ix >> 20;
  let y0 = r - w;
  let i = j - ((hi(y0) >> 20) & 0x7ff);
  if (!(n < 32 && ix !== NPIO2_HW[n - 1]) && i > 16) {
    // cancellation: a second round, good to 118 bits
    let u = r;
    w = fn * PIO2_2;
    r = u - w;
    w = fn * PIO2_2T - (u - r - w);
    y0 = r - w;
    i = j - ((hi(y0) >> 20) & 0x7ff);
    if (i > 49) {
      // a third, 151 bits
      u = r;
      w = fn * PIO2_3;
      r = u - w;
      w = fn * PIO2_3T - (u - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  if (hx < 0) {
    reduced[0] = -y0;
    reduced[1] = -y1;
    return -n;
  }
  reduced[0] = y0;
  reduced[1] = y1;
  return n;
}

/** sin x, the same bits on every engine (fdlibm's algorithm); |x| ≤ 1647099. */
export function portableSin(x: number): number {
  const ix = hi(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, true);
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2('portableSin', x);
  const [y0, y1] = reduced as [number, number];
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, false);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, false);
    default:
      return -kernelCos(y0, y1);
  }
}

/** cos x, the same bits on every engine (fdlibm's algorithm); |x| ≤ 1647099. */
export function portableCos(x: number): number {
  const ix = hi(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2('portableCos', x);
  const [y0, y1] = reduced as [number, number];
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, false);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, false);
  }
}

// ---- exp --------------------------------------------------------------------------------------

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000

/** 2^k for an integer k in [−1022, 1023], exactly. */
function pow2(k: number): number {
  return fromWords((0x3ff + k) << 20, 0);
}

/** eˣ, the same bits on every engine (fdlibm's algorithm). */
export function portableExp(x: number): number {
  const hx0 = hi(x);
  const negative = hx0 < 0;
  const hx = hx0 & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78
    if (hx >= 0x7ff00000) return Number.isNaN(x) ? NaN : negative ? 0 : Infinity;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  if (x === 1) return Math.E; // e itself, correctly rounded, as V8 and SpiderMonkey return it
  let k = 0;
  let h = 0;
  let l = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    if (hx < 0x3ff0a2b2) {
      // and < 1.5·ln2
      h = negative ? x + LN2_HI : x - LN2_HI;
      l = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      h = x - k * LN2_HI; // exact
      l = k * LN2_LO;
    }
    x = h - l;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (l - (x * c) / (2 - c) - h);
  if (k >= -1021) return k === 1024 ? y * 2 * pow2(1023) : y * pow2(k);
  return y * pow2(k + 1000) * TWO_M1000;
}

// ---- log --------------------------------------------------------------------------------------

const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const TWO54 = 1.80143985094819840000e16;

/** ln x, the same bits on every engine (fdlibm's algorithm). */
export function portableLog(x: number): number {
  let hx = hi(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lo(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = hi(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = fromWords(hx | (i0 ^ 0x3ff00000), lo(x)); // x or x/2 in [√2/2, √2)
  k += i0 >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

// ---- pow --------------------------------------------------------------------------------------

const SPLIT = 134217729; // 2^27 + 1: Dekker's splitter
/** Past these magnitudes Dekker's split could overflow: plain products take over. */
const DD_SAFE_MAX = 2 ** 500;
const DD_SAFE_MIN = 2 ** -500;
const dd = [0, 0];

/** (ah + al)·(bh + bl) in double-double arithmetic (about 106 bits), into `dd`. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  const ca = SPLIT * ah;
  const ahh = ca - (ca - ah);
  const ahl = ah - ahh;
  const cb = SPLIT * bh;
  const bhh = cb - (cb - bh);
  const bhl = bh - bhh;
  const e = ahh * bhh - p + ahh * bhl + ahl * bhh + ahl * bhl + (ah * bl + al * bh);
  const s = p + e;
  dd[0] = s;
  dd[1] = e - (s - p);
}

/**
 * x^n for a safe integer n ≥ 0 by squaring, in double-double while the magnitudes allow; the
 * result goes into `dd` (read by index: no tuple or destructuring per iteration, as the
 * optimizers' bias corrections call this every step).
 */
function powNonNegativeInt(x: number, n: number): void {
  let rh = 1;
  let rl = 0;
  let bh = x;
  let bl = 0;
  let exact = true;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    const big = Math.abs(bh);
    if (exact && (big > DD_SAFE_MAX || big < DD_SAFE_MIN || Math.abs(rh) > DD_SAFE_MAX || Math.abs(rh) < DD_SAFE_MIN)) exact = false;
    if (k % 2 === 1) {
      if (exact) {
        ddMul(rh, rl, bh, bl);
        rh = dd[0]!;
        rl = dd[1]!;
      } else {
        rh *= bh;
        rl = 0;
      }
    }
    if (k > 1) {
      if (exact) {
        ddMul(bh, bl, bh, bl);
        bh = dd[0]!;
        bl = dd[1]!;
      } else {
        bh *= bh;
        bl = 0;
      }
    }
  }
  dd[0] = rh;
  dd[1] = rl;
}

/**
 * xʸ, the same bits on every engine. Integer exponents (bias corrections βᵗ, step decay γᵏ) are
 * exact to about 106 bits before the final rounding; other exponents go through
 * portableExp(y·portableLog(x)), within about 1 + 1.5·|y·ln x| ulps (the logarithm's rounding,
 * scaled by the exponent). Non-finite arguments follow ECMAScript's exactly specified special cases.
 */
export function portablePow(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x ** y;
  if (y === 0) return 1;
  if (Number.isSafeInteger(y)) {
    powNonNegativeInt(x, Math.abs(y));
    const h = dd[0]!;
    const l = dd[1]!;
    if (y > 0) return l === 0 ? h : h + l; // (−0)³ stays −0
    if (h === 0 || !Number.isFinite(h)) return 1 / h;
    // 1/(h + l) with one correction step: q + q·(1 − q·h − q·l)
    const q = 1 / h;
    ddMul(q, 0, h, l);
    return q + q * (1 - dd[0]! - dd[1]!);
  }
  if (x < 0) return NaN;
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x === 1) return 1;
  return portableExp(y * portableLog(x));
}
