// Max pooling over NCHW planes with stride, zero padding and dilation, without bounds tests in
// the inner loops: per output row the valid kernel rows [kiLo, kiHi) are computed once, and per
// output column the valid kernel columns. Columns whose window is fully inside the row run four
// at a time in f32x4 when the column stride is 1 or 2 (stride 2 reads 8 consecutive floats and
// keeps the even lanes); the others run branch-free scalar.
//
// Fold order and rule are those of the reference (and PyTorch): taps in (ki, kj) order, the
// first in-bounds tap seeds the window, a later tap replaces it when v > best or v is NaN. So
// the first maximum wins and NaN propagates (with the index of the last NaN); a window of
// padding only gives −∞ with argmax −1.
import { ceilDivPos, clamp, tapHi, tapLo } from './window';

/**
 * out, argmax [planes, outH, outW] = max over each window of x [planes, h, w]; argmax[o] =
 * ih·w + iw of the chosen input (PyTorch's return_indices). Geometry (including outH, outW) was
 * validated by the TypeScript wrapper.
 */
export function maxPool2d(
  x: usize, out: usize, argmax: usize, planes: i32, h: i32, w: i32,
  kh: i32, kw: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, outH: i32, outW: i32,
): void {
  // Columns [full0, full1) have every kernel column inside the row.
  const full0 = clamp(ceilDivPos(pW, sW), 0, outW);
  const lastIw = w - 1 - (kw - 1) * dW + pW; // ow·sW ≤ lastIw
  const full1 = lastIw < 0 ? full0 : clamp(lastIw / sW + 1, full0, outW);
  // Vector blocks of 4 inside [full0, full1); the widest read of a block (stride 2 loads one
  // float past its last tap) must stay inside the row, so no load leaves the input buffer.
  const span = (kw - 1) * dW + (sW == 2 ? 2 : 1);
  let vecEnd = full0;
  if (sW == 1 || sW == 2) {
    while (vecEnd + 4 <= full1 && (vecEnd + 3) * sW - pW + span <= w) vecEnd += 4;
  }
  const laneStep = i32x4(0, sW, 2 * sW, 3 * sW);
  let o: usize = 0;
  for (let pl = 0; pl < planes; pl++) {
    const xp = x + ((<usize>pl * <usize>h * <usize>w) << 2);
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * sH - pH;
      const kiLo = tapLo(ih0, dH);
      const kiHi = tapHi(ih0, dH, h, kh);
      if (kiLo >= kiHi) {
        for (let ow = 0; ow < outW; ow++) {
          const at = (o + <usize>ow) << 2;
          store<f32>(out + at, -Infinity);
          store<i32>(argmax + at, -1);
        }
        o += <usize>outW;
        continue;
      }
      scalarColumns(xp, out, argmax, o, 0, full0, ih0, kiLo, kiHi, w, kw, sW, pW, dH, dW);
      for (let ow = full0; ow < vecEnd; ow += 4) {
        const col0 = (ih0 + kiLo * dH) * w + ow * sW - pW;
        let best = tapVec(xp, col0, sW);
        let bi = i32x4.add(i32x4.splat(col0), laneStep);
        for (let ki = kiLo; ki < kiHi; ki++) {
          const rowOff = col0 + (ki - kiLo) * dH * w;
          for (let kj = ki == kiLo ? 1 : 0; kj < kw; kj++) {
            const i = rowOff + kj * dW;
            const v = tapVec(xp, i, sW);
            const take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
            best = v128.bitselect(v, best, take);
            bi = v128.bitselect(i32x4.add(i32x4.splat(i), laneStep), bi, take);
          }
        }
        const at = (o + <usize>ow) << 2;
        v128.store(out + at, best);
        v128.store(argmax + at, bi);
      }
      scalarColumns(xp, out, argmax, o, vecEnd, outW, ih0, kiLo, kiHi, w, kw, sW, pW, dH, dW);
      o += <usize>outW;
    }
  }
}

/** Output columns [ow0, ow1) of one output row (starting at element o), one at a time. */
// @ts-ignore: decorator
@inline function scalarColumns(
  xp: usize, out: usize, argmax: usize, o: usize, ow0: i32, ow1: i32,
  ih0: i32, kiLo: i32, kiHi: i32, w: i32, kw: i32, sW: i32, pW: i32, dH: i32, dW: i32,
): void {
  for (let ow = ow0; ow < ow1; ow++) {
    const iw0 = ow * sW - pW;
    const kjLo = tapLo(iw0, dW);
    const kjHi = tapHi(iw0, dW, w, kw);
    let best: f32 = -Infinity;
    let bi = -1;
    if (kjLo < kjHi) {
      const col0 = (ih0 + kiLo * dH) * w + iw0 + kjLo * dW;
      best = load<f32>(xp + (<usize>col0 << 2));
      bi = col0;
      for (let ki = kiLo; ki < kiHi; ki++) {
        const rowOff = col0 + (ki - kiLo) * dH * w;
        for (let kj = ki == kiLo ? kjLo + 1 : kjLo; kj < kjHi; kj++) {
          const i = rowOff + (kj - kjLo) * dW;
          const v = load<f32>(xp + (<usize>i << 2));
          const take = v > best || v != v;
          best = select<f32>(v, best, take);
          bi = select<i32>(i, bi, take);
        }
      }
    }
    const at = (o + <usize>ow) << 2;
    store<f32>(out + at, best);
    store<i32>(argmax + at, bi);
  }
}

/** Lanes l < 4 hold plane[i + l·sW] for sW ∈ {1, 2}. */
// @ts-ignore: decorator
@inline function tapVec(xp: usize, i: i32, sW: i32): v128 {
  const p = xp + (<usize>i << 2);
  if (sW == 1) return v128.load(p);
  return v128.shuffle<f32>(v128.load(p), v128.load(p, 16), 0, 2, 4, 6);
}
