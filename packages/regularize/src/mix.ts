import type { Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';
import { checkRange, fmtShape, nchw, unwrap, wrapLike, type Batch } from './batch.js';
import { mixTargets } from './label-smoothing.js';

/** The reversed batch 0..N−1 → N−1..0: timm's default pairing (`x.flip(0)`). @example reversedPermutation(4) // [3, 2, 1, 0] */
export function reversedPermutation(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => n - 1 - i);
}

/** Check `perm` is a length-N list of batch indices (any mapping, not necessarily a bijection). */
export function checkPerm(op: string, perm: ArrayLike<number>, n: number): Int32Array {
  if (perm.length !== n) throw new DescentError('shape', `${op}: perm has ${perm.length} entries for a batch of ${n}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = perm[i]!;
    if (!Number.isInteger(p) || p < 0 || p >= n) throw new DescentError('value', `${op}: perm[${i}] = ${p} is not a batch index in [0, ${n})`);
    out[i] = p;
  }
  return out;
}

/** Options shared by `mixup` and `cutmix`: λ, the partner of each sample, the classes and label smoothing. */
export interface MixOptions {
  /** Mixing weight λ ∈ [0, 1] of the original sample. */
  lam: number;
  /** Partner of each sample (default: the reversed batch). */
  perm?: ArrayLike<number>;
  /** Number of classes K of the one-hot targets. */
  numClasses: number;
  /** Label smoothing ε of the one-hot targets before mixing (default 0). */
  smoothing?: number;
}

/** A mixed batch: inputs, soft targets and the effective λ. */
export interface MixResult<B extends Batch> {
  /** The mixed inputs, the same kind of batch as given. */
  x: B;
  /** Soft targets [N, K], the same kind of batch as `x`. */
  y: B;
  /** The λ the targets were mixed with (CutMix: corrected to the real pasted area). */
  lam: number;
}

/**
 * Mixup (Zhang et al. 2018) with timm's batch-mode conventions and an explicit λ:
 * x̃ = λ·x + (1 − λ)·x[perm],  ỹ = λ·Y + (1 − λ)·Y[perm], Y = smoothed one-hot of `target`.
 * Works on any [N, …] batch; labels are not changed, only mixed into soft targets.
 *
 * @example const { x, y } = mixup(images, labels, { lam: 0.7, numClasses: 10 });
 */
export function mixup<B extends Batch>(x: B, target: ArrayLike<number> | Tensor, options: MixOptions): MixResult<B> {
  const op = 'mixup';
  checkRange(op, 'lam', options.lam, 0, 1);
  const u = unwrap(op, x);
  const n = u.shape[0] ?? 0;
  if (u.shape.length < 1 || n < 1) throw new DescentError('shape', `${op}: expected a batch [N, …] with N >= 1, got ${fmtShape(u.shape)}`);
  checkTargets(op, target, n);
  const perm = checkPerm(op, options.perm ?? reversedPermutation(n), n);
  const row = u.data.length / n;
  const lam = options.lam;
  const out = new Float64Array(u.data.length);
  for (let i = 0; i < n; i++) {
    const a = i * row;
    const b = perm[i]! * row;
    for (let k = 0; k < row; k++) out[a + k] = lam * u.data[a + k]! + (1 - lam) * u.data[b + k]!;
  }
  const y = mixTargets(target, options.numClasses, lam, perm, options.smoothing ?? 0);
  return { x: wrapLike(x, out, u.shape), y: wrapLike(x, y.data, y.shape), lam };
}

/** A CutMix box, half-open: rows y0..y1−1, columns x0..x1−1. */
export interface CutmixBox {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/**
 * timm's `rand_bbox` with the centre given: r = √(1 − λ), cut_h = ⌊H·r⌋, cut_w = ⌊W·r⌋,
 * y0 = clip(cy − ⌊cut_h/2⌋, 0, H), y1 = clip(cy + ⌊cut_h/2⌋, 0, H), likewise for x. Clipping
 * can make the box smaller than cut_h × cut_w (hence the λ correction).
 *
 * @example cutmixBox(6, 6, 0.6, [2, 4]) // { y0: 1, y1: 3, x0: 3, x1: 5 }
 */
export function cutmixBox(height: number, width: number, lam: number, center: readonly [number, number]): CutmixBox {
  const op = 'cutmixBox';
  checkRange(op, 'lam', lam, 0, 1);
  const [cy, cx] = center;
  if (!Number.isInteger(cy) || !Number.isInteger(cx)) throw new DescentError('value', `${op}: center must be integers [cy, cx], got [${cy}, ${cx}]`);
  const r = Math.sqrt(1 - lam);
  const cutH = Math.floor(height * r);
  const cutW = Math.floor(width * r);
  const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  return {
    y0: clip(cy - Math.floor(cutH / 2), height),
    y1: clip(cy + Math.floor(cutH / 2), height),
    x0: clip(cx - Math.floor(cutW / 2), width),
    x1: clip(cx + Math.floor(cutW / 2), width),
  };
}

/**
 * λ corrected to the pasted area: 1 − (y1 − y0)(x1 − x0)/(H·W) (timm `correct_lam=True`).
 *
 * @example cutmixLam({ y0: 1, y1: 3, x0: 3, x1: 5 }, 6, 6) // 1 − 4/36 = 0.888…
 */
export function cutmixLam(box: CutmixBox, height: number, width: number): number {
  return 1 - ((box.y1 - box.y0) * (box.x1 - box.x0)) / (height * width);
}

/** Options of `cutmix`: the mixing options plus where the box goes. */
export interface CutmixOptions extends MixOptions {
  /** Box centre [cy, cx] (timm draws cy ~ U{0..H−1}, cx ~ U{0..W−1}); ignored when `box` is given. */
  center?: readonly [number, number];
  /** An explicit box (skips the box rule). */
  box?: CutmixBox;
}

/**
 * CutMix (Yun et al. 2019) with timm's conventions on an NCHW batch: the box from `cutmixBox`
 * (or given) is pasted from the partner, x[:, :, y0:y1, x0:x1] = x[perm][:, :, y0:y1, x0:x1],
 * and the targets are mixed with λ_eff = 1 − box area/(H·W).
 *
 * @example const { x, y, lam, box } = cutmix(images, labels, { lam: 0.6, center: [2, 4], numClasses: 10 });
 */
export function cutmix<B extends Batch>(x: B, target: ArrayLike<number> | Tensor, options: CutmixOptions): MixResult<B> & { box: CutmixBox } {
  const op = 'cutmix';
  const u = unwrap(op, x);
  const [n, c, h, w] = nchw(op, u.shape);
  checkTargets(op, target, n);
  const perm = checkPerm(op, options.perm ?? reversedPermutation(n), n);
  let box: CutmixBox;
  if (options.box) {
    box = options.box;
    const ok = [box.y0, box.y1, box.x0, box.x1].every(Number.isInteger) && box.y0 >= 0 && box.y0 <= box.y1 && box.y1 <= h && box.x0 >= 0 && box.x0 <= box.x1 && box.x1 <= w;
    if (!ok) throw new DescentError('value', `${op}: box ${JSON.stringify(box)} is not inside an image of ${h}×${w}`);
  } else {
    if (!options.center) throw new DescentError('value', `${op}: give a box centre (center: [cy, cx]) or a box`);
    box = cutmixBox(h, w, options.lam, options.center);
  }
  const out = Float64Array.from(u.data);
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const dst = (i * c + ch) * plane;
      const src = (perm[i]! * c + ch) * plane;
      for (let yy = box.y0; yy < box.y1; yy++) {
        for (let xx = box.x0; xx < box.x1; xx++) out[dst + yy * w + xx] = u.data[src + yy * w + xx]!;
      }
    }
  }
  const lam = cutmixLam(box, h, w);
  const y = mixTargets(target, options.numClasses, lam, perm, options.smoothing ?? 0);
  return { x: wrapLike(x, out, u.shape), y: wrapLike(x, y.data, y.shape), lam, box };
}

function checkTargets(op: string, target: ArrayLike<number> | Tensor, n: number): void {
  const len = 'size' in target && typeof target.size === 'number' ? target.size : (target as ArrayLike<number>).length;
  if (len !== n) throw new DescentError('shape', `${op}: ${len} targets for a batch of ${n}`);
}
