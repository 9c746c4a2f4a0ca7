// Packed, register-blocked matrix product (GotoBLAS/BLIS loop structure).
//
// C (m×n) = op(A) (m×k) · op(B) (k×n) [+ bias]. Panels of op(B) (KC×NR) and op(A) (MC×KC) are
// copied into a caller-provided scratch region in the order the micro-kernel reads them, so
// the transposition of either operand is absorbed by packing: AᵀB and ABᵀ run the same
// micro-kernel over the same layout as AB. The micro-kernel keeps an MR×NR = 4×8 tile of C in
// eight f32x4 accumulators (11 vector registers with the two B vectors and the A splat).
//
// Why not a larger tile: in the plain SIMD build each multiply-add is a mulps and an addps, and
// x64 runs them on three ports, so the 4×8 loop (16 vector ops per k step) already runs at the
// port limit (~12 flop/cycle, measured 40–42 GFLOP/s); 6×8 or 4×12 need ≥ 16 live vector
// registers and V8 (15 allocatable XMM) spills them, and a 2× unrolled k loop spilled too
// (both measured ~10% slower). Thin edges (n % 8 ≤ 4, m % 4 ≤ 2) use half-width kernels.

import { madd } from './simd';
import { microHalf, microTwoRows } from './matmul-edge';

const MR: i32 = 4;
const NR: i32 = 8;
/** Depth of a packed panel: a 4×KC A micro-panel (4 KiB) and a KC×8 B micro-panel (8 KiB) fit L1. */
const KC: i32 = 256;
/** Rows of A packed at once: MC×KC floats (64 KiB) stay in L2 while B micro-panels stream past. */
const MC: i32 = 64;
/** Columns of B packed at once: KC×NC floats (512 KiB) stay in L2 (measured: 1024 was slower at n=1024). */
const NC: i32 = 512;

// @ts-ignore: decorator
@inline function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

// @ts-ignore: decorator
@inline function roundUp(x: i32, q: i32): i32 {
  return ((x + q - 1) / q) * q;
}

/** Floats of scratch that `matmul` needs for an m×k by k×n problem (independent of batch). */
export function matmulScratchSize(m: i32, k: i32, n: i32): i32 {
  const kc = imin(KC, k);
  return kc * imin(NC, roundUp(n, NR)) + imin(MC, roundUp(m, MR)) * kc + MR * NR;
}

/**
 * out[b] = op(A[b]) · op(B[b]) (+ bias) for b < batch. Element strides `aStride`/`bStride`
 * separate the problems (0 broadcasts); out is contiguous (m·n per problem). With `accumulate`
 * the product is added to what out holds (out += op(A)·op(B)): a gradient lands in its
 * accumulator without a temporary and a separate add.
 *
 * Threads: `part` of `parts` computes a contiguous share of the output tiles (whole 8-column or
 * 4-row strips of every problem) with its own scratch (scratchPtr + part · matmulScratchSize).
 * Each output element still sums its k products in the same panels and the same order, so the
 * result is bit-identical for any `parts`; parts = 1 is the whole product.
 */
export function matmul(
  aPtr: usize,
  bPtr: usize,
  outPtr: usize,
  biasPtr: usize,
  m: i32,
  k: i32,
  n: i32,
  transA: i32,
  transB: i32,
  batch: i32,
  aStride: i32,
  bStride: i32,
  scratchPtr: usize,
  accumulate: i32,
  epilogue: i32,
  maskPtr: usize,
  part: i32,
  parts: i32,
): void {
  if (m == 0 || n == 0 || batch == 0) return;
  const outStride = <usize>m * <usize>n;
  const colUnits = (n + NR - 1) / NR;
  const rowUnits = (m + MR - 1) / MR;
  // Split the axis whose split re-packs less: by columns every part packs all of A (m×k), by
  // rows all of B (k×n). Switch when that axis has fewer strips than parts.
  let byCols = m <= n;
  if (byCols && batch * colUnits < parts && rowUnits > colUnits) byCols = false;
  else if (!byCols && batch * rowUnits < parts && colUnits > rowUnits) byCols = true;
  const per = byCols ? colUnits : rowUnits;
  const total = <i64>batch * <i64>per;
  const u0 = <i32>((total * <i64>part) / <i64>parts);
  const u1 = <i32>((total * <i64>(part + 1)) / <i64>parts);
  const scratch = scratchPtr + ((<usize>part * <usize>matmulScratchSize(m, k, n)) << 2);
  const tA = transA != 0;
  const tB = transB != 0;
  for (let u = u0; u < u1; ) {
    const bi = u / per;
    const t0 = u - bi * per;
    const t1 = imin(per, t0 + (u1 - u));
    u += t1 - t0;
    let a = aPtr + ((<usize>bi * <usize>aStride) << 2);
    let b = bPtr + ((<usize>bi * <usize>bStride) << 2);
    let off = <usize>bi * outStride;
    let bias = biasPtr;
    let mm = m;
    let nn = n;
    if (byCols) {
      const j0 = t0 * NR;
      nn = imin(n, t1 * NR) - j0;
      b += tB ? (<usize>j0 * <usize>k) << 2 : <usize>j0 << 2;
      if (bias != 0) bias += <usize>j0 << 2;
      off += <usize>j0;
    } else {
      const i0 = t0 * MR;
      mm = imin(m, t1 * MR) - i0;
      a += tA ? <usize>i0 << 2 : (<usize>i0 * <usize>k) << 2;
      off += <usize>i0 * <usize>n;
    }
    gemm(a, b, outPtr + (off << 2), bias, mm, k, nn, tA ? m : k, tB ? k : n, n, tA, tB, scratch, accumulate != 0, epilogue, maskPtr + (off << 2));
  }
}

/** Epilogues, applied as the last k panel is stored (the values never make a second trip). */
const EPI_NONE = 0;
/** out = max(out, 0), NaN kept (the relu kernel's rule) */
const EPI_RELU = 1;
/** out = out where mask > 0 else 0 (relu's backward, mask = the relu output) */
const EPI_MASK = 2;

// @ts-ignore: decorator
@inline function epi4(v: v128, epi: i32, mask: usize): v128 {
  if (epi == EPI_RELU) return f32x4.max(v, f32x4.splat(0));
  if (epi == EPI_MASK) return v128.and(v, f32x4.gt(v128.load(mask), f32x4.splat(0)));
  return v;
}

// @ts-ignore: decorator
@inline function epi1(v: f32, epi: i32, mask: usize): f32 {
  if (epi == EPI_RELU) return max<f32>(v, 0);
  if (epi == EPI_MASK) return load<f32>(mask) > 0 ? v : 0;
  return v;
}

/** The epilogue over the m×n block of C (row stride ldc bytes), for k = 0 (no panel is stored). */
function epilogueAll(c: usize, m: i32, n: i32, ldc: usize, epi: i32, mask: usize): void {
  for (let i = 0; i < m; i++) {
    const r = <usize>i * ldc;
    for (let j = 0; j < n; j++) {
      const o = r + (<usize>j << 2);
      store<f32>(c + o, epi1(load<f32>(c + o), epi, mask + o));
    }
  }
}

/** The m×n block of C at c (row stride ldc elements) from op(A), op(B) with leading dimensions lda, ldb. */
function gemm(
  a: usize, b: usize, c: usize, bias: usize, m: i32, k: i32, n: i32, lda: i32, ldb: i32, ldc: i32, transA: bool, transB: bool,
  scratch: usize, accumulate: bool, epilogue: i32, mask: usize,
): void {
  if (m == 0 || n == 0) return;
  const rowBytes = <usize>ldc << 2;
  const widthBytes = <usize>n << 2;
  let init = accumulate;
  if (!accumulate) {
    if (bias != 0) {
      for (let i = 0; i < m; i++) memory.copy(c + <usize>i * rowBytes, bias, widthBytes);
      init = true;
    } else if (k == 0) {
      for (let i = 0; i < m; i++) memory.fill(c + <usize>i * rowBytes, 0, widthBytes);
    }
  }
  if (k == 0) {
    if (epilogue != EPI_NONE) epilogueAll(c, m, n, rowBytes, epilogue, mask);
    return;
  }
  const kcMax = imin(KC, k);
  const bpack = scratch;
  const apack = bpack + ((<usize>kcMax * <usize>imin(NC, roundUp(n, NR))) << 2);
  const tile = apack + ((<usize>imin(MC, roundUp(m, MR)) * <usize>kcMax) << 2);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = imin(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = imin(KC, k - pc);
      if (transB) packBt(b, ldb, pc, kc, jc, nc, bpack);
      else packB(b, ldb, pc, kc, jc, nc, bpack);
      const acc = init || pc > 0;
      const epi = pc + kc >= k ? epilogue : EPI_NONE;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = imin(MC, m - ic);
        if (transA) packAt(a, lda, pc, kc, ic, mc, apack);
        else packA(a, lda, pc, kc, ic, mc, apack);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = imin(NR, nc - jr);
          const bp = bpack + ((<usize>jr * <usize>kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = imin(MR, mc - ir);
            const ap = apack + ((<usize>ir * <usize>kc) << 2);
            const at = ((<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) << 2);
            const cp = c + at;
            const mp = mask + at;
            if (mr == MR && nr == NR) {
              micro(ap, bp, kc, cp, rowBytes, acc);
              // the tile was just stored: it is in L1 for the epilogue (kept out of micro, whose register use it would disturb)
              if (epi == EPI_RELU) epilogueTile(cp, rowBytes, EPI_RELU, 0);
              else if (epi == EPI_MASK) epilogueTile(cp, rowBytes, EPI_MASK, mp);
            } else {
              if (mr <= 2 && nr == NR) {
                // A thin bottom edge (e.g. m = 10): half the work of a full 4×8 tile.
                microTwoRows(ap, bp, kc, tile);
              } else if (nr <= 4) {
                // A thin right edge (e.g. n = 10): half the work of a full 4×8 tile.
                microHalf(ap, bp, kc, tile);
              } else {
                micro(ap, bp, kc, tile, 32, false);
              }
              storeTile(tile, cp, rowBytes, mr, nr, acc, epi, mp);
            }
          }
        }
      }
    }
  }
}

/** The 4×8 tile C[0:4, 0:8] (+)= Ap(4×kc, packed by column) · Bp(kc×8, packed by row). */
function micro(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let av = v128.load32_splat(ap);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(ap, 4);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(ap, 8);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(ap, 12);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    ap += 16;
    bp += 32;
  }
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1));
    c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2));
    c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3));
    c31 = f32x4.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c1, c10);
  v128.store(c1, c11, 16);
  v128.store(c2, c20);
  v128.store(c2, c21, 16);
  v128.store(c3, c30);
  v128.store(c3, c31, 16);
}

/** The epilogue over one stored 4×8 tile of C. */
// @ts-ignore: decorator
@inline function epilogueTile(c: usize, ldc: usize, epi: i32, mask: usize): void {
  for (let i: usize = 0; i < 4; i++) {
    const r = c + i * ldc;
    const mr = mask + i * ldc;
    v128.store(r, epi4(v128.load(r), epi, mr));
    v128.store(r, epi4(v128.load(r, 16), epi, mr + 16), 16);
  }
}

/** Copy the valid mr×nr corner of a 4×8 edge tile into C. */
function storeTile(tile: usize, c: usize, ldc: usize, mr: i32, nr: i32, accumulate: bool, epi: i32, mask: usize): void {
  for (let i = 0; i < mr; i++) {
    const src = tile + (<usize>i << 5);
    const dst = c + <usize>i * ldc;
    const msk = mask + <usize>i * ldc;
    for (let j = 0; j < nr; j++) {
      const off = <usize>j << 2;
      let v = load<f32>(src + off);
      if (accumulate) v += load<f32>(dst + off);
      store<f32>(dst + off, epi1(v, epi, msk + off));
    }
  }
}

// @ts-ignore: decorator
@inline function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, dstStride: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/** op(B) = B (k×n, row-major): panel row p holds B[pc+p, j0:j0+8] (zero-padded past n). */
function packB(b: usize, n: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  const ldb = <usize>n << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = imin(NR, nc - jr);
    let src = b + <usize>pc * ldb + (<usize>(jc + jr) << 2);
    if (nr == NR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += ldb;
        dst += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), j < nr ? load<f32>(src + (<usize>j << 2)) : 0);
        src += ldb;
        dst += 32;
      }
    }
  }
}

/** op(B) = Bᵀ with B stored n×k: panel row p holds B[j0:j0+8, pc+p], read as 4×4 blocks. */
function packBt(b: usize, k: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  const ldb = <usize>k << 2;
  const kc4 = kc & ~3;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = imin(NR, nc - jr);
    const src = b + <usize>(jc + jr) * ldb + (<usize>pc << 2);
    if (nr == NR) {
      for (let p = 0; p < kc4; p += 4) {
        const s = src + (<usize>p << 2);
        const d = dst + (<usize>p << 5);
        transpose4(v128.load(s), v128.load(s + ldb), v128.load(s + 2 * ldb), v128.load(s + 3 * ldb), d, 32);
        const s4 = s + 4 * ldb;
        transpose4(v128.load(s4), v128.load(s4 + ldb), v128.load(s4 + 2 * ldb), v128.load(s4 + 3 * ldb), d + 16, 32);
      }
      for (let p = kc4; p < kc; p++) {
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>p << 5) + (<usize>j << 2), load<f32>(src + <usize>j * ldb + (<usize>p << 2)));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) {
          store<f32>(dst + (<usize>p << 5) + (<usize>j << 2), j < nr ? load<f32>(src + <usize>j * ldb + (<usize>p << 2)) : 0);
        }
      }
    }
    dst += <usize>kc << 5;
  }
}

/** op(A) = A (m×k, row-major): micro-panel column p holds A[i0:i0+4, pc+p], read as 4×4 blocks. */
function packA(a: usize, k: i32, pc: i32, kc: i32, ic: i32, mc: i32, dst: usize): void {
  const lda = <usize>k << 2;
  const kc4 = kc & ~3;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = imin(MR, mc - ir);
    const src = a + <usize>(ic + ir) * lda + (<usize>pc << 2);
    if (mr == MR) {
      for (let p = 0; p < kc4; p += 4) {
        const s = src + (<usize>p << 2);
        transpose4(v128.load(s), v128.load(s + lda), v128.load(s + 2 * lda), v128.load(s + 3 * lda), dst + (<usize>p << 4), 16);
      }
      for (let p = kc4; p < kc; p++) {
        for (let i = 0; i < MR; i++) store<f32>(dst + (<usize>p << 4) + (<usize>i << 2), load<f32>(src + <usize>i * lda + (<usize>p << 2)));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let i = 0; i < MR; i++) {
          store<f32>(dst + (<usize>p << 4) + (<usize>i << 2), i < mr ? load<f32>(src + <usize>i * lda + (<usize>p << 2)) : 0);
        }
      }
    }
    dst += <usize>kc << 4;
  }
}

/** op(A) = Aᵀ with A stored k×m: micro-panel column p is the contiguous A[pc+p, i0:i0+4]. */
function packAt(a: usize, m: i32, pc: i32, kc: i32, ic: i32, mc: i32, dst: usize): void {
  const lda = <usize>m << 2;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = imin(MR, mc - ir);
    let src = a + <usize>pc * lda + (<usize>(ic + ir) << 2);
    if (mr == MR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        src += lda;
        dst += 16;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let i = 0; i < MR; i++) store<f32>(dst + (<usize>i << 2), i < mr ? load<f32>(src + (<usize>i << 2)) : 0);
        src += lda;
        dst += 16;
      }
    }
  }
}
