import { DescentError, planConv, type Conv2dGeometry } from '@descent/optim-wasm';
import { record } from '../engine.js';
import { fmt, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add } from './arithmetic.js';
import { bmm } from './matmul.js';
import { gather, reshape } from './movement.js';
import { backendOf, checkTensor, OPTIONAL } from './util.js';

/** A size given once for both spatial dims, or as [height, width]. */
export type Size2 = number | readonly [number, number];

/** Stride, padding and dilation of a sliding window (conv2d, pooling, unfold/fold), each one number or [h, w]. */
export interface WindowOptions {
  /** Step between windows (default 1 for conv2d/unfold/fold, the kernel size for pooling). */
  stride?: Size2;
  /** Zeros added on each side (default 0). */
  padding?: Size2;
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2;
}

/** conv2d's window: stride, padding, dilation. */
export type Conv2dOptions = WindowOptions;
/** maxPool2d's window: stride (default the kernel size), padding, dilation. */
export type MaxPool2dOptions = WindowOptions;
/** avgPool2d's window: stride (default the kernel size) and padding; no dilation, as PyTorch. */
export type AvgPool2dOptions = Omit<WindowOptions, 'dilation'>;

/** [h, w] from a number or a pair, checked to be integers ≥ min. */
export function pair(op: string, field: string, v: Size2, min: number): [number, number] {
  if (!Array.isArray(v) && typeof v !== 'number') throw new DescentError('value', `${op}: ${field} must be a number or [h, w], got ${String(v)}`);
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if ((Array.isArray(v) && v.length !== 2) || !p.every((d) => Number.isInteger(d) && d >= min)) {
    throw new DescentError('value', `${op}: ${field} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return p;
}

/** The backend geometry of a window op over x [N, C, H, W] (checked: the kernel must fit). */
function geometry(op: string, shape: readonly number[], kernel: Size2, o: WindowOptions, defaultStride: Size2, pooling: boolean): Conv2dGeometry & { outH: number; outW: number } {
  const [n, c, h, w] = shape as [number, number, number, number];
  const [kh, kw] = pair(op, 'kernelSize', kernel, 1);
  const [strideH, strideW] = pair(op, 'stride', o.stride ?? defaultStride, 1);
  const [padH, padW] = pair(op, 'padding', o.padding ?? 0, 0);
  const [dilationH, dilationW] = pair(op, 'dilation', o.dilation ?? 1, 1);
  const g = { n, c, h, w, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW };
  const q = planConv(g, op, pooling);
  return { ...g, outH: q.outH, outW: q.outW };
}

function check4d(op: string, x: Tensor, what = 'input'): void {
  if (x.rank !== 4) throw new DescentError('shape', `${op}: ${what} must be [N, C, H, W], got ${fmt(x.shape)}`);
}

/** Run a 4-D op on an unbatched [C, H, W] input too (PyTorch accepts both). */
function batched<S>(op: string, x: Tensor<S>, f: (x4: Tensor<S>) => Tensor<S>): Tensor<S> {
  if (x.rank === 3) {
    const y = f(reshape(x, [1, ...x.shape]));
    return reshape(y, y.shape.slice(1));
  }
  check4d(op, x);
  return f(x);
}

/**
 * Sliding local blocks, PyTorch's F.unfold (im2col): x [N, C, H, W] → [N, C·kh·kw, L] with
 * L = outH·outW, out[n, (c·kh + i)·kw + j, oh·outW + ow] = x[n, c, oh·sH − pH + i·dH, ow·sW − pW + j·dW]
 * (0 in the padding). Linear; its backward is `fold` (col2im), and fold's backward is unfold.
 */
export function unfold<S>(x: Tensor<S>, kernelSize: Size2, options: WindowOptions = {}): Tensor<S> {
  checkTensor('unfold', 'x', x);
  check4d('unfold', x);
  const g = geometry('unfold', x.shape, kernelSize, options, 1, false);
  return unfoldWith(x, g);
}

function unfoldWith<S>(x: Tensor<S>, g: Conv2dGeometry & { outH: number; outW: number }): Tensor<S> {
  const data = x.backend.im2col(x.storageFor('unfold'), g);
  const shape = [g.n, g.c * g.kh * g.kw, g.outH * g.outW];
  return record('unfold', [x], data, shape, (dy) => [foldWith(dy, g)], []);
}

/**
 * The transpose of `unfold`, PyTorch's F.fold (col2im): cols [N, C·kh·kw, L] → [N, C, H, W] with
 * outputSize = [H, W]; entries that land on the same pixel add up.
 */
export function fold<S>(cols: Tensor<S>, outputSize: readonly [number, number], kernelSize: Size2, options: WindowOptions = {}): Tensor<S> {
  checkTensor('fold', 'cols', cols);
  if (cols.rank !== 3) throw new DescentError('shape', `fold: input must be [N, C·kh·kw, L], got ${fmt(cols.shape)}`);
  const [h, w] = pair('fold', 'outputSize', outputSize, 1);
  const [kh, kw] = pair('fold', 'kernelSize', kernelSize, 1);
  const [n, ck] = cols.shape as [number, number, number];
  if (ck % (kh * kw) !== 0) throw new DescentError('shape', `fold: dim 1 of ${fmt(cols.shape)} is not divisible by the kernel size ${kh}×${kw}`);
  const g = geometry('fold', [n, ck / (kh * kw), h, w], [kh, kw], options, 1, false);
  if (cols.shape[2] !== g.outH * g.outW) {
    throw new DescentError('shape', `fold: ${fmt(cols.shape)} has ${cols.shape[2]} blocks, output ${h}×${w} with this kernel/stride/padding/dilation has ${g.outH}×${g.outW}`);
  }
  return foldWith(cols, g);
}

function foldWith<S>(cols: Tensor<S>, g: Conv2dGeometry & { outH: number; outW: number }): Tensor<S> {
  const data = cols.backend.col2im(cols.storageFor('fold'), g);
  return record('fold', [cols], data, [g.n, g.c, g.h, g.w], (dy) => [unfoldWith(dy, g)], []);
}

/**
 * 2-D convolution (cross-correlation, PyTorch's F.conv2d with groups = 1):
 * out[n, o, oh, ow] = bias[o] + Σ_{c,i,j} weight[o, c, i, j] · x[n, c, oh·sH − pH + i·dH, ow·sW − pW + j·dW]
 * for x [N, C, H, W] (or unbatched [C, H, W]), weight [O, C, kh, kw], bias [O];
 * outH = ⌊(H + 2pH − dH(kh − 1) − 1)/sH⌋ + 1. Runs as im2col + one batched matmul
 * W[O, C·kh·kw] · cols[n]; the backward composes from the same ops (dW = Σₙ dy[n]·cols[n]ᵀ,
 * dx = col2im(Wᵀ·dy)), so it is differentiable again.
 */
export function conv2d<S>(x: Tensor<S>, weight: Tensor<S>, bias?: Tensor<S> | null, options: Conv2dOptions = {}): Tensor<S> {
  checkTensor('conv2d', 'x', x);
  checkTensor('conv2d', 'weight', weight);
  checkTensor('conv2d', 'bias', bias, OPTIONAL);
  if (bias) backendOf('conv2d', x, weight, bias);
  else backendOf('conv2d', x, weight);
  if (weight.rank !== 4) throw new DescentError('shape', `conv2d: weight must be [O, C, kh, kw], got ${fmt(weight.shape)}`);
  const [o, c, kh, kw] = weight.shape as [number, number, number, number];
  if (bias && !sameShape(bias.shape, [o])) throw new DescentError('shape', `conv2d: bias ${fmt(bias.shape)} must have shape [${o}] for weight ${fmt(weight.shape)}`);
  return batched('conv2d', x, (x4) => {
    if (x4.shape[1] !== c) {
      throw new DescentError('shape', `conv2d: input ${fmt(x.shape)} has ${x4.shape[1]} channels, weight ${fmt(weight.shape)} expects ${c}`);
    }
    const g = geometry('conv2d', x4.shape, [kh, kw], options, 1, false);
    const cols = unfoldWith(x4, g);
    const y = bmm(reshape(weight, [1, o, c * kh * kw]), cols);
    const out = reshape(y, [g.n, o, g.outH, g.outW]);
    return bias ? add(out, reshape(bias, [1, o, 1, 1])) : out;
  });
}

/**
 * Max pooling, PyTorch's F.max_pool2d (ceil_mode false): out = max over each window, padding
 * counts as −∞; stride defaults to the kernel size. The gradient goes to the first maximal
 * element of each window (PyTorch's choice at ties).
 */
export function maxPool2d<S>(x: Tensor<S>, kernelSize: Size2, options: MaxPool2dOptions = {}): Tensor<S> {
  checkTensor('maxPool2d', 'x', x);
  return batched('maxPool2d', x, (x4) => {
    const g = geometry('maxPool2d', x4.shape, kernelSize, options, kernelSize, true);
    const { out, argmax } = x4.backend.maxPool2d(x4.storageFor('maxPool2d'), g);
    return record('maxPool2d', [x4], out, [g.n, g.c, g.outH, g.outW], (dy) => [maxPoolScatter(dy, argmax, g)], []);
  });
}

/** dx: each dy entry added at its window's argmax. Linear in dy; its own backward gathers there. */
function maxPoolScatter<S>(dy: Tensor<S>, argmax: Int32Array, g: Conv2dGeometry & { outH: number; outW: number }): Tensor<S> {
  const data = dy.backend.maxPool2dBackward(dy.storageFor('maxPool2d'), argmax, g);
  const planes = g.n * g.c;
  return record('maxPool2dBackward', [dy], data, [g.n, g.c, g.h, g.w], (ddx) => {
    const picked = gather(reshape(ddx, [planes, g.h * g.w]), 1, argmax, [planes, g.outH * g.outW]);
    return [reshape(picked, dy.shape)];
  }, []);
}

/**
 * Average pooling, PyTorch's F.avg_pool2d (count_include_pad true, ceil_mode false):
 * out = (Σ of the window) / (kh·kw), padding counting as zeros; stride defaults to the kernel size.
 * Linear: its backward spreads dy/(kh·kw) over each window (and that op's backward is avgPool2d).
 */
export function avgPool2d<S>(x: Tensor<S>, kernelSize: Size2, options: AvgPool2dOptions = {}): Tensor<S> {
  checkTensor('avgPool2d', 'x', x);
  if ((options as WindowOptions).dilation !== undefined) throw new DescentError('value', 'avgPool2d: dilation is not supported (PyTorch has none either)');
  return batched('avgPool2d', x, (x4) => avgPoolWith(x4, geometry('avgPool2d', x4.shape, kernelSize, options, kernelSize, true)));
}

function avgPoolWith<S>(x: Tensor<S>, g: Conv2dGeometry & { outH: number; outW: number }): Tensor<S> {
  const data = x.backend.avgPool2d(x.storageFor('avgPool2d'), g);
  return record('avgPool2d', [x], data, [g.n, g.c, g.outH, g.outW], (dy) => [avgPoolSpread(dy, g)], []);
}

function avgPoolSpread<S>(dy: Tensor<S>, g: Conv2dGeometry & { outH: number; outW: number }): Tensor<S> {
  const data = dy.backend.avgPool2dBackward(dy.storageFor('avgPool2d'), g);
  return record('avgPool2dBackward', [dy], data, [g.n, g.c, g.h, g.w], (ddx) => [avgPoolWith(ddx, g)], []);
}
