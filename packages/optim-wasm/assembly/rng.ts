// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11) and the
// bulk fills of the seeded Rng. The TS twin is src/rng/philox.ts + src/rng/rng.ts: the same
// counter layout and the same word-to-value maps, so a bulk fill continues a scalar stream.
//
// Counter layout (128 bits): [blockLo, blockHi, streamLo, streamHi]; key (64 bits) = seed.
// The stream position is a *word* counter (one u32 per draw); block = word >> 2.
// No fused multiply-add here: both builds (simd, relaxed) must give the same bits.

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;
const TWO_PI: f64 = 6.283185307179586;
const INV_2_24: f32 = 5.9604644775390625e-8; // 2^-24
const INV_2_32: f64 = 2.3283064365386963e-10; // 2^-32

// The current block's four output words.
const BLOCK: usize = memory.data(16, 16);

/** Philox4x32-10 of counter (c0..c3) under key (k0, k1); the 4 words go to BLOCK. */
function philox(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  for (let r = 0; r < 10; r++) {
    const p0 = <u64>M0 * <u64>c0;
    const p1 = <u64>M1 * <u64>c2;
    const hi0 = <u32>(p0 >> 32);
    const hi1 = <u32>(p1 >> 32);
    const n0 = hi1 ^ c1 ^ k0;
    const n1 = <u32>p1;
    const n2 = hi0 ^ c3 ^ k1;
    const n3 = <u32>p0;
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
    k0 += W0;
    k1 += W1;
  }
  store<u32>(BLOCK, c0);
  store<u32>(BLOCK, c1, 4);
  store<u32>(BLOCK, c2, 8);
  store<u32>(BLOCK, c3, 12);
}

// Sixteen words (blocks b..b+3, in stream order) from the SIMD path.
const WORDS: usize = memory.data(64, 16);

// @ts-ignore: decorator
@inline function mulhiLanes(a: v128, m: v128): v128 {
  return i32x4.shuffle(i64x2.extmul_low_i32x4_u(a, m), i64x2.extmul_high_i32x4_u(a, m), 1, 3, 5, 7);
}

/**
 * Four Philox blocks b, b+1, b+2, b+3 at once: lane j of each vector is block b+j (structure of
 * arrays), the same rounds as `philox`, then a 4x4 transpose so WORDS holds the words in stream order.
 */
function philox4Blocks(b: u64, s0: u32, s1: u32, k0: u32, k1: u32): void {
  let c0 = i32x4(<i32>b, <i32>(b + 1), <i32>(b + 2), <i32>(b + 3));
  let c1 = i32x4(<i32>(b >> 32), <i32>((b + 1) >> 32), <i32>((b + 2) >> 32), <i32>((b + 3) >> 32));
  let c2 = i32x4.splat(s0);
  let c3 = i32x4.splat(s1);
  const m0 = i32x4.splat(M0);
  const m1 = i32x4.splat(M1);
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhiLanes(c0, m0);
    const lo0 = i32x4.mul(c0, m0);
    const hi1 = mulhiLanes(c2, m1);
    const lo1 = i32x4.mul(c2, m1);
    c0 = v128.xor(v128.xor(hi1, c1), i32x4.splat(k0));
    c1 = lo1;
    c2 = v128.xor(v128.xor(hi0, c3), i32x4.splat(k1));
    c3 = lo0;
    k0 += W0;
    k1 += W1;
  }
  const t0 = i32x4.shuffle(c0, c1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(c2, c3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(c0, c1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(c2, c3, 2, 6, 3, 7);
  v128.store(WORDS, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
  v128.store(WORDS, i32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
  v128.store(WORDS, i32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
  v128.store(WORDS, i32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
}

/** The raw block function, exported for the known-answer tests: 4 u32 words at outPtr. */
export function philox4x32Block(outPtr: usize, c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  philox(c0, c1, c2, c3, k0, k1);
  memory.copy(outPtr, BLOCK, 16);
}

// A word cursor over one stream. Globals, not a class: the stub runtime has no GC and these
// kernels are not re-entrant anyway.
let gK0: u32 = 0;
let gK1: u32 = 0;
let gS0: u32 = 0;
let gS1: u32 = 0;
let gBlock: u64 = 0;
let gIdx: u32 = 4;

// @ts-ignore: decorator
@inline function startCursor(k0: u32, k1: u32, s0: u32, s1: u32, counter: f64): void {
  gK0 = k0;
  gK1 = k1;
  gS0 = s0;
  gS1 = s1;
  const c = <u64>counter;
  gBlock = c >> 2;
  gIdx = <u32>(c & 3);
  if (gIdx == 0) {
    // At a block boundary: mark the previous block as used up (u64 wrap-around is fine).
    gBlock -= 1;
    gIdx = 4;
  } else philox(<u32>gBlock, <u32>(gBlock >> 32), s0, s1, k0, k1);
}

// @ts-ignore: decorator
@inline function nextWord(): u32 {
  if (gIdx == 4) {
    gBlock++;
    philox(<u32>gBlock, <u32>(gBlock >> 32), gS0, gS1, gK0, gK1);
    gIdx = 0;
  }
  const w = load<u32>(BLOCK + (<usize>gIdx << 2));
  gIdx++;
  return w;
}

/**
 * The bulk fill shared by the one-word-per-value maps: scalar words up to a block boundary,
 * then 16 words (4 blocks) per SIMD step, then a scalar tail. `M` is a stateless class with
 * @inline `one(w: u32, a, b): f32` and `four(w: v128, va, vb): v128` (the same map on four
 * words); a and b are its two scalars, splatted once before the SIMD loop.
 */
// @ts-ignore: decorator
@inline function fillWords<M, A>(
  outPtr: usize, n: i32, k0: u32, k1: u32, s0: u32, s1: u32, counter: f64, a: A, b: f32,
): void {
  if (n <= 0) return;
  const map = changetype<M>(0); // never read: AssemblyScript has no static calls on type parameters
  startCursor(k0, k1, s0, s1, counter);
  let i = 0;
  for (; i < n && gIdx != 4; i++) store<f32>(outPtr + (<usize>i << 2), map.one(nextWord(), a, b));
  const va = isFloat<A>() ? f32x4.splat(<f32>a) : i32x4.splat(<i32>a);
  const vb = f32x4.splat(b);
  for (; i + 16 <= n; i += 16) {
    philox4Blocks(gBlock + 1, s0, s1, k0, k1);
    gBlock += 4;
    for (let j = 0; j < 4; j++) {
      const w = v128.load(WORDS + (<usize>j << 4));
      v128.store(outPtr + (<usize>(i + (j << 2)) << 2), map.four(w, va, vb));
    }
  }
  for (; i < n; i++) store<f32>(outPtr + (<usize>i << 2), map.one(nextWord(), a, b));
}

/** u = (w >>> 8) * 2^-24 in [0, 1), then lo + width * u, all in f32. */
class UniformMap {
  // @ts-ignore: decorator
  @inline one(w: u32, lo: f32, width: f32): f32 {
    return lo + width * (<f32>(w >>> 8) * INV_2_24);
  }

  // @ts-ignore: decorator
  @inline four(w: v128, lo: v128, width: v128): v128 {
    const u = f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(w, 8)), f32x4.splat(INV_2_24));
    return f32x4.add(lo, f32x4.mul(width, u));
  }
}

/** (w >>> 8) < threshold ? scale : 0. */
class BernoulliMap {
  // @ts-ignore: decorator
  @inline one(w: u32, threshold: u32, scale: f32): f32 {
    return (w >>> 8) < threshold ? scale : 0;
  }

  // @ts-ignore: decorator
  @inline four(w: v128, threshold: v128, scale: v128): v128 {
    return v128.and(i32x4.lt_s(i32x4.shr_u(w, 8), threshold), scale);
  }
}

/**
 * out[i] = lo + width * u_i with u_i = (w_i >>> 8) * 2^-24 in [0, 1), all in f32
 * (one word per value, words counter, counter+1, ...).
 */
export function rngFillUniform(
  outPtr: usize, n: i32, k0: u32, k1: u32, s0: u32, s1: u32, counter: f64, lo: f32, width: f32,
): void {
  fillWords<UniformMap, f32>(outPtr, n, k0, k1, s0, s1, counter, lo, width);
}

/** out[i] = (w_i >>> 8) < threshold ? scale : 0, threshold = ceil(pKeep * 2^24) (exact keep rate). */
export function rngFillBernoulli(
  outPtr: usize, n: i32, k0: u32, k1: u32, s0: u32, s1: u32, counter: f64, threshold: u32, scale: f32,
): void {
  fillWords<BernoulliMap, u32>(outPtr, n, k0, k1, s0, s1, counter, threshold, scale);
}

/**
 * Box–Muller in f64, rounded once to f32: from words (a, b),
 * u1 = (a + 1) 2^-32 in (0, 1], u2 = b 2^-32, r = sqrt(-2 ln u1), θ = 2π u2,
 * out = (mean + std r cos θ, mean + std r sin θ). Two words per pair; an odd n drops the last sine.
 */
export function rngFillNormal(
  outPtr: usize, n: i32, k0: u32, k1: u32, s0: u32, s1: u32, counter: f64, mean: f64, std: f64,
): void {
  if (n <= 0) return;
  startCursor(k0, k1, s0, s1, counter);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const r = radius(nextWord());
    const b = nextWord();
    NativeMath.sincos(TWO_PI * (<f64>b * INV_2_32));
    store<f32>(outPtr + (<usize>i << 2), <f32>(mean + std * (r * NativeMath.sincos_cos)));
    store<f32>(outPtr + (<usize>i << 2), <f32>(mean + std * (r * NativeMath.sincos_sin)), 4);
  }
  if (i < n) {
    const r = radius(nextWord());
    const b = nextWord();
    store<f32>(outPtr + (<usize>i << 2), <f32>(mean + std * (r * Math.cos(TWO_PI * (<f64>b * INV_2_32)))));
  }
}

/** Box–Muller radius sqrt(-2 ln u1) of the word a, u1 = (a + 1) 2^-32 in (0, 1]. */
// @ts-ignore: decorator
@inline function radius(a: u32): f64 {
  return Math.sqrt(-2 * Math.log((<f64>a + 1) * INV_2_32));
}
