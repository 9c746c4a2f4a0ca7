// Half-width micro-kernels for the thin edges of a packed matmul (see matmul.ts): a right edge
// of ≤ 4 columns or a bottom edge of ≤ 2 rows would waste half or more of a full 4×8 tile.
// Panels are laid out as for the full kernel (Ap 4 floats per k step, Bp 8 floats per k step).

import { madd } from './simd';

/** The 4×4 tile C[0:4, 0:4] = Ap · Bp[:, 0:4] into `tile` (row stride 32 bytes). */
export function microHalf(ap: usize, bp: usize, kc: i32, tile: usize): void {
  let c0 = f32x4.splat(0);
  let c1 = c0;
  let c2 = c0;
  let c3 = c0;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    c0 = madd(v128.load32_splat(ap), b0, c0);
    c1 = madd(v128.load32_splat(ap, 4), b0, c1);
    c2 = madd(v128.load32_splat(ap, 8), b0, c2);
    c3 = madd(v128.load32_splat(ap, 12), b0, c3);
    ap += 16;
    bp += 32;
  }
  v128.store(tile, c0);
  v128.store(tile, c1, 32);
  v128.store(tile, c2, 64);
  v128.store(tile, c3, 96);
}

/** The 2×8 tile C[0:2, 0:8] = Ap[0:2, :] · Bp into `tile` (row stride 32 bytes). */
export function microTwoRows(ap: usize, bp: usize, kc: i32, tile: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load32_splat(ap);
    const a1 = v128.load32_splat(ap, 4);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    ap += 16;
    bp += 32;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
}
