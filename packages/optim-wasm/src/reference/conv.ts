import { DescentError } from '../errors.js';
import type { Backend, Conv2dGeometry } from '../backend/backend.js';

/** Conv2dGeometry with the output size: outH = ⌊(h + 2·padH − dilationH·(kh − 1) − 1) / strideH⌋ + 1. */
export interface ConvPlan extends Conv2dGeometry {
  outH: number;
  outW: number;
}

const FIELDS: { key: keyof Conv2dGeometry; min: number }[] = [
  { key: 'n', min: 0 },
  { key: 'c', min: 0 },
  { key: 'h', min: 0 },
  { key: 'w', min: 0 },
  { key: 'kh', min: 1 },
  { key: 'kw', min: 1 },
  { key: 'strideH', min: 1 },
  { key: 'strideW', min: 1 },
  { key: 'padH', min: 0 },
  { key: 'padW', min: 0 },
  { key: 'dilationH', min: 1 },
  { key: 'dilationW', min: 1 },
];

/** The geometry in words, for error messages. */
export function show(p: Conv2dGeometry): string {
  return `input [${p.n}, ${p.c}, ${p.h}, ${p.w}], kernel ${p.kh}×${p.kw}, stride ${p.strideH}×${p.strideW}, padding ${p.padH}×${p.padW}, dilation ${p.dilationH}×${p.dilationW}`;
}

/**
 * Validate the geometry (shared by both backends). Pooling also requires PyTorch's rule that
 * padding is at most half the effective kernel, so padding never fills a whole window row.
 */
export function planConv(p: Conv2dGeometry, op: string, pooling = false): ConvPlan {
  if (p === null || typeof p !== 'object') throw new DescentError('shape', `${op}: geometry must be an object, got ${String(p)}`);
  for (const { key, min } of FIELDS) {
    const v = p[key];
    if (!Number.isInteger(v) || v < min || v > 0x3fffffff) {
      throw new DescentError('shape', `${op}: ${key} must be an integer ≥ ${min}, got ${String(v)}`);
    }
  }
  const effH = p.dilationH * (p.kh - 1) + 1;
  const effW = p.dilationW * (p.kw - 1) + 1;
  if (pooling && (2 * p.padH > effH || 2 * p.padW > effW)) {
    throw new DescentError('shape', `${op}: padding must be at most half the effective kernel (${show(p)})`);
  }
  const outH = Math.floor((p.h + 2 * p.padH - effH) / p.strideH) + 1;
  const outW = Math.floor((p.w + 2 * p.padW - effW) / p.strideW) + 1;
  if (outH < 1 || outW < 1) throw new DescentError('shape', `${op}: the kernel does not fit the padded input (${show(p)})`);
  if (p.n * p.c * Math.max(p.h * p.w, p.kh * p.kw * outH * outW) > 0x3fffffff) {
    throw new DescentError('shape', `${op}: the problem is too large for 32-bit indexing (${show(p)})`);
  }
  return { ...p, outH, outW };
}

/** Throw unless a storage length matches `need`. */
export function checkConvLength(len: number, need: number, op: string, field: string, what: string): void {
  if (len !== need) throw new DescentError('shape', `${op}: ${field} has ${len} elements but ${what} needs ${need}`);
}

/** Shapes of the tensors a geometry implies. */
export function convSizes(q: ConvPlan): { input: number; cols: number; pooled: number } {
  const planes = q.n * q.c;
  return { input: planes * q.h * q.w, cols: planes * q.kh * q.kw * q.outH * q.outW, pooled: planes * q.outH * q.outW };
}

/**
 * Visit the in-bounds taps of every output position:
 * fn(plane, o, ki, kj, i) with i = ih·w + iw, ih = oh·sH − pH + ki·dH, iw = ow·sW − pW + kj·dW.
 */
function forEachTap(q: ConvPlan, fn: (plane: number, o: number, ki: number, kj: number, i: number) => void): void {
  for (let plane = 0; plane < q.n * q.c; plane++)
    for (let oh = 0; oh < q.outH; oh++)
      for (let ow = 0; ow < q.outW; ow++)
        for (let ki = 0; ki < q.kh; ki++)
          for (let kj = 0; kj < q.kw; kj++) {
            const ih = oh * q.strideH - q.padH + ki * q.dilationH;
            const iw = ow * q.strideW - q.padW + kj * q.dilationW;
            if (ih >= 0 && ih < q.h && iw >= 0 && iw < q.w) fn(plane, oh * q.outW + ow, ki, kj, ih * q.w + iw);
          }
}

/** Column index of tap (ki, kj) of output o in plane (n, c): [n][(c·kh + ki)·kw + kj][o]. */
function colIndex(q: ConvPlan, plane: number, o: number, ki: number, kj: number): number {
  return (plane * q.kh * q.kw + ki * q.kw + kj) * q.outH * q.outW + o;
}

/** The reference backend's convolution and pooling part (NCHW). */
export function convReference(): Pick<
  Backend<Float64Array>,
  'im2col' | 'col2im' | 'maxPool2d' | 'maxPool2dBackward' | 'avgPool2d' | 'avgPool2dBackward'
> {
  return {
    /** cols[n][(c, ki, kj)][(oh, ow)] = x[n][c][ih][iw], 0 where (ih, iw) is padding. */
    im2col(x, p) {
      const q = planConv(p, 'im2col');
      const s = convSizes(q);
      checkConvLength(x.length, s.input, 'im2col', 'x', show(q));
      const cols = new Float64Array(s.cols);
      forEachTap(q, (pl, o, ki, kj, i) => (cols[colIndex(q, pl, o, ki, kj)] = x[pl * q.h * q.w + i]!));
      return cols;
    },
    /** The transpose of im2col: x[n][c][ih][iw] = Σ of the column entries that read it. */
    col2im(cols, p) {
      const q = planConv(p, 'col2im');
      const s = convSizes(q);
      checkConvLength(cols.length, s.cols, 'col2im', 'cols', show(q));
      const x = new Float64Array(s.input);
      forEachTap(q, (pl, o, ki, kj, i) => (x[pl * q.h * q.w + i]! += cols[colIndex(q, pl, o, ki, kj)]!));
      return x;
    },
    /** out = max over the window; argmax = ih·w + iw in the plane (first max wins; NaN propagates). */
    maxPool2d(x, p) {
      const q = planConv(p, 'maxPool2d', true);
      const s = convSizes(q);
      checkConvLength(x.length, s.input, 'maxPool2d', 'x', show(q));
      const out = new Float64Array(s.pooled).fill(-Infinity);
      const argmax = new Int32Array(s.pooled).fill(-1);
      forEachTap(q, (pl, o, _ki, _kj, i) => {
        const v = x[pl * q.h * q.w + i]!;
        const k = pl * q.outH * q.outW + o;
        if (argmax[k]! < 0 || v > out[k]! || Number.isNaN(v)) {
          out[k] = v;
          argmax[k] = i;
        }
      });
      return { out, argmax };
    },
    /** dx[plane][argmax[o]] += dy[o] (an argmax of −1, a window of padding only, adds nothing). */
    maxPool2dBackward(dy, argmax, p) {
      const q = planConv(p, 'maxPool2dBackward', true);
      const s = convSizes(q);
      checkMaxPoolBackward(dy.length, argmax, q);
      const dx = new Float64Array(s.input);
      for (let k = 0; k < s.pooled; k++) {
        const plane = Math.floor(k / (q.outH * q.outW));
        if (argmax[k]! >= 0) dx[plane * q.h * q.w + argmax[k]!]! += dy[k]!;
      }
      return dx;
    },
    /** out = (Σ of the in-bounds window) / (kh·kw): padding counts as zeros. */
    avgPool2d(x, p) {
      const q = planConv(p, 'avgPool2d', true);
      const s = convSizes(q);
      checkConvLength(x.length, s.input, 'avgPool2d', 'x', show(q));
      const out = new Float64Array(s.pooled);
      forEachTap(q, (pl, o, _ki, _kj, i) => (out[pl * q.outH * q.outW + o]! += x[pl * q.h * q.w + i]! / (q.kh * q.kw)));
      return out;
    },
    avgPool2dBackward(dy, p) {
      const q = planConv(p, 'avgPool2dBackward', true);
      const s = convSizes(q);
      checkConvLength(dy.length, s.pooled, 'avgPool2dBackward', 'dy', show(q));
      const dx = new Float64Array(s.input);
      forEachTap(q, (pl, o, _ki, _kj, i) => (dx[pl * q.h * q.w + i]! += dy[pl * q.outH * q.outW + o]! / (q.kh * q.kw)));
      return dx;
    },
  };
}

/** dy and argmax must have the pooled size; every argmax must be −1 or inside its plane. */
export function checkMaxPoolBackward(dyLen: number, argmax: Int32Array, q: ConvPlan): void {
  const s = convSizes(q);
  checkConvLength(dyLen, s.pooled, 'maxPool2dBackward', 'dy', show(q));
  if (!(argmax instanceof Int32Array)) throw new DescentError('type', `maxPool2dBackward: argmax must be an Int32Array, got ${String(argmax)}`);
  checkConvLength(argmax.length, s.pooled, 'maxPool2dBackward', 'argmax', show(q));
  const hw = q.h * q.w;
  for (let k = 0; k < argmax.length; k++) {
    const a = argmax[k]!;
    if (a < -1 || a >= hw) throw new DescentError('index', `maxPool2dBackward: argmax[${k}] = ${a} is outside a ${q.h}×${q.w} plane`);
  }
}
