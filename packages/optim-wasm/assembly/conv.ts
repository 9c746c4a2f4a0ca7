// im2col / col2im and 2-D pooling over NCHW planes, with stride, zero padding and dilation.
// Geometry (including outH, outW) was validated by the TypeScript wrapper. Every export takes
// it as the same tail of scalars: h, w, kh, kw, sH, sW, pH, pW, dH, dW, outH, outW.
//
// For a kernel offset (ki, kj) and output row oh, the input row is ih = oh·sH − pH + ki·dH and
// the valid output columns are the ow with 0 ≤ ow·sW − pW + kj·dW < w: a contiguous range
// [owLo, owHi), so the inner loops never test bounds. Pooling windows likewise visit only their
// valid taps [tapLo, tapHi) (window.ts).
import { ceilDivPos, imin, tapHi, tapLo } from './window';

export { maxPool2d } from './max-pool';

/** First valid ow for the column offset `off` = kj·dW − pW. */
// @ts-ignore: decorator
@inline function owLow(off: i32, sW: i32, outW: i32): i32 {
  return imin(ceilDivPos(-off, sW), outW);
}

/** One past the last valid ow for the column offset `off`. */
// @ts-ignore: decorator
@inline function owHigh(off: i32, w: i32, sW: i32, outW: i32): i32 {
  return imin(ceilDivPos(w - off, sW), outW);
}

/** x [n, c, h, w] → cols [n, c·kh·kw, outH·outW]; row (ci, ki, kj), column (oh, ow). */
export function im2col(
  x: usize, cols: usize, n: i32, c: i32,
  h: i32, w: i32, kh: i32, kw: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, outH: i32, outW: i32,
): void {
  walkColumns<Gather>(x, cols, n * c, h, w, kh, kw, sH, sW, pH, pW, dH, dW, outH, outW);
}

/** The adjoint of im2col: x := 0, then every column entry is added back to its input pixel. */
export function col2im(
  cols: usize, x: usize, n: i32, c: i32,
  h: i32, w: i32, kh: i32, kw: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, outH: i32, outW: i32,
): void {
  memory.fill(x, 0, (<usize>(n * c) * <usize>h * <usize>w) << 2);
  walkColumns<Scatter>(x, cols, n * c, h, w, kh, kw, sH, sW, pH, pW, dH, dW, outH, outW);
}

/**
 * The loop nest im2col and col2im share: for every plane, kernel offset (ki, kj) and output row
 * oh, the row of outW column entries at `col` meets input row ih, where the valid ow are
 * [lo, hi). `Op` is a stateless class whose @inline methods move the data (AssemblyScript has
 * no static calls on type parameters, so they are called on a null receiver that is never read):
 * `row(col, inRow, lo, hi, off, sW, outW)` for ih inside the image, `pad(col, outW)` for padding.
 */
// @ts-ignore: decorator
@inline function walkColumns<Op>(
  x: usize, cols: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32,
  sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, outH: i32, outW: i32,
): void {
  const op = changetype<Op>(0);
  let col = cols;
  for (let pl = 0; pl < planes; pl++) {
    const xp = x + ((<usize>pl * <usize>h * <usize>w) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const off = kj * dW - pW;
        const lo = owLow(off, sW, outW);
        const hiRaw = owHigh(off, w, sW, outW);
        const hi = hiRaw > lo ? hiRaw : lo;
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * sH - pH + ki * dH;
          if (ih < 0 || ih >= h) op.pad(col, outW);
          else op.row(col, xp + ((<usize>ih * <usize>w) << 2), lo, hi, off, sW, outW);
          col += <usize>outW << 2;
        }
      }
    }
  }
}

/** im2col: copy the valid inputs into the column row, zeros elsewhere. */
class Gather {
  // @ts-ignore: decorator
  @inline pad(col: usize, outW: i32): void {
    memory.fill(col, 0, <usize>outW << 2);
  }

  // @ts-ignore: decorator
  @inline row(col: usize, row: usize, lo: i32, hi: i32, off: i32, sW: i32, outW: i32): void {
    if (lo > 0) memory.fill(col, 0, <usize>lo << 2);
    if (sW == 1) memory.copy(col + (<usize>lo << 2), row + (<usize>(lo + off) << 2), <usize>(hi - lo) << 2);
    else {
      for (let ow = lo; ow < hi; ow++) store<f32>(col + (<usize>ow << 2), load<f32>(row + (<usize>(ow * sW + off) << 2)));
    }
    if (hi < outW) memory.fill(col + (<usize>hi << 2), 0, <usize>(outW - hi) << 2);
  }
}

/** col2im: add the column row back onto the valid inputs; padding rows add nothing. */
class Scatter {
  // @ts-ignore: decorator
  @inline pad(_col: usize, _outW: i32): void {}

  // @ts-ignore: decorator
  @inline row(col: usize, row: usize, lo: i32, hi: i32, off: i32, sW: i32, _outW: i32): void {
    for (let ow = lo; ow < hi; ow++) {
      const p = row + (<usize>(ow * sW + off) << 2);
      store<f32>(p, load<f32>(p) + load<f32>(col + (<usize>ow << 2)));
    }
  }
}

/** dx := 0, then dx[plane, argmax[o]] += dy[o]; argmax −1 (a window of padding only) adds nothing. */
export function maxPool2dBackward(dy: usize, argmax: usize, dx: usize, planes: i32, h: i32, w: i32, outHW: i32): void {
  const hw = <usize>h * <usize>w;
  memory.fill(dx, 0, (<usize>planes * hw) << 2);
  let o: usize = 0;
  for (let pl = 0; pl < planes; pl++) {
    const dxp = dx + ((<usize>pl * hw) << 2);
    for (let j = 0; j < outHW; j++) {
      const a = load<i32>(argmax + (o << 2));
      if (a >= 0) {
        const p = dxp + (<usize>a << 2);
        store<f32>(p, load<f32>(p) + load<f32>(dy + (o << 2)));
      }
      o++;
    }
  }
}

/** Average pooling; padding counts as zeros, so every window divides by kh·kw. */
export function avgPool2d(
  x: usize, out: usize, planes: i32,
  h: i32, w: i32, kh: i32, kw: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, outH: i32, outW: i32,
): void {
  walkWindows<WindowSum>(x, out, planes, h, w, kh, kw, sH, sW, pH, pW, dH, dW, outH, outW);
}

/** dx := 0, then each dy[o]/(kh·kw) is added to every in-bounds input of its window. */
export function avgPool2dBackward(
  dy: usize, dx: usize, planes: i32,
  h: i32, w: i32, kh: i32, kw: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, outH: i32, outW: i32,
): void {
  memory.fill(dx, 0, (<usize>planes * <usize>h * <usize>w) << 2);
  walkWindows<WindowSpread>(dx, dy, planes, h, w, kh, kw, sH, sW, pH, pW, dH, dW, outH, outW);
}

/**
 * The loop nest the average-pooling kernels share: for every plane and output (oh, ow), in
 * order (o counts them), the in-bounds taps of its window in (ki, kj) order, as the reference.
 * `img` holds the planes, `io` the pooled values. `Op` is a stateless class (null receiver, as
 * walkColumns) with @inline `start(io, o, inv): f32`, `tap(at, acc): f32` for the input float
 * at byte address `at`, and `end(io, o, acc, inv)`; inv = 1/(kh·kw).
 */
// @ts-ignore: decorator
@inline function walkWindows<Op>(
  img: usize, io: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32,
  sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, outH: i32, outW: i32,
): void {
  const op = changetype<Op>(0);
  const inv: f32 = 1 / <f32>(kh * kw);
  let o: usize = 0;
  for (let pl = 0; pl < planes; pl++) {
    const ip = img + ((<usize>pl * <usize>h * <usize>w) << 2);
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * sH - pH;
      const kiLo = tapLo(ih0, dH);
      const kiHi = tapHi(ih0, dH, h, kh);
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * sW - pW;
        const kjLo = tapLo(iw0, dW);
        const kjHi = tapHi(iw0, dW, w, kw);
        const iw = iw0 + kjLo * dW; // the first valid input column
        let acc = op.start(io, o, inv);
        for (let ki = kiLo; ki < kiHi; ki++) {
          const rowAt = ip + (<usize>((ih0 + ki * dH) * w + iw) << 2);
          for (let kj = kjLo; kj < kjHi; kj++) acc = op.tap(rowAt + (<usize>((kj - kjLo) * dW) << 2), acc);
        }
        op.end(io, o, acc, inv);
        o++;
      }
    }
  }
}

/** avgPool2d: out[o] = (Σ taps)·inv. */
class WindowSum {
  // @ts-ignore: decorator
  @inline start(_out: usize, _o: usize, _inv: f32): f32 {
    return 0;
  }

  // @ts-ignore: decorator
  @inline tap(at: usize, acc: f32): f32 {
    return acc + load<f32>(at);
  }

  // @ts-ignore: decorator
  @inline end(out: usize, o: usize, acc: f32, inv: f32): void {
    store<f32>(out + (o << 2), acc * inv);
  }
}

/** avgPool2dBackward: every tap += dy[o]·inv. */
class WindowSpread {
  // @ts-ignore: decorator
  @inline start(dy: usize, o: usize, inv: f32): f32 {
    return load<f32>(dy + (o << 2)) * inv;
  }

  // @ts-ignore: decorator
  @inline tap(at: usize, g: f32): f32 {
    store<f32>(at, load<f32>(at) + g);
    return g;
  }

  // @ts-ignore: decorator
  @inline end(_dy: usize, _o: usize, _g: f32, _inv: f32): void {}
}
