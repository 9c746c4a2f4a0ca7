import type { Tensor } from '@descent/autodiff';
import { DescentError, type Rng } from '@descent/optim-wasm';
import { checkRange, fmtShape, unwrap, wrapLike, type Batch } from './batch.js';
import { smoothOneHot } from './label-smoothing.js';
import { cutmix, mixup, reversedPermutation, type CutmixBox, type MixResult } from './mix.js';

/** Options of `mixupCutmix` (timm's `Mixup`, batch mode). */
export interface MixupCutmixOptions {
  /** α of λ ~ Beta(α, α) for Mixup; 0 disables Mixup (timm default 1). */
  mixupAlpha?: number;
  /** α of λ ~ Beta(α, α) for CutMix; 0 disables CutMix (timm default 0). */
  cutmixAlpha?: number;
  /** With both on: probability of CutMix instead of Mixup for a batch (default 0.5). */
  switchProb?: number;
  /** Probability of mixing a batch at all (default 1). */
  prob?: number;
  /** Label smoothing ε of the targets (timm default 0.1). */
  labelSmoothing?: number;
  numClasses: number;
}

/** What one call did, for logging and tests. */
export interface MixInfo {
  kind: 'none' | 'mixup' | 'cutmix';
  box?: CutmixBox;
}

/** The batch transform `mixupCutmix` returns: mixes a batch and its integer targets, and says what it did. */
export type MixupCutmix = <B extends Batch>(x: B, target: ArrayLike<number> | Tensor) => MixResult<B> & MixInfo;

/**
 * timm's `Mixup` in batch mode as a seeded batch transform. Per call, with `rng`:
 * ```
 * if uniform() < prob:
 *   both on:     cutmix = uniform() < switchProb;  λ ~ Beta(α_cutmix or α_mixup)
 *   mixup only:  λ ~ Beta(α_mixup, α_mixup);   cutmix only: λ ~ Beta(α_cutmix, α_cutmix)
 *   CutMix: box centre cy ~ U{0..H−1}, cx ~ U{0..W−1}, λ corrected to the pasted area
 * else λ = 1 (targets are still smoothed one-hots)
 * ```
 * Partners are the reversed batch (x.flip(0)). Like timm, the batch size must be even (use
 * drop-last batching). Returns the mixed batch and soft targets [N, K] for a soft-target
 * cross-entropy (`crossEntropy(logits, yTensor)` of @descent/autodiff).
 *
 * @example
 * const mix = mixupCutmix({ mixupAlpha: 0.8, cutmixAlpha: 1, numClasses: 10 }, rng.fork('mix'));
 * const { x, y } = mix(images, labels);
 */
export function mixupCutmix(options: MixupCutmixOptions, rng: Rng): MixupCutmix {
  const op = 'mixupCutmix';
  const mixupAlpha = options.mixupAlpha ?? 1;
  const cutmixAlpha = options.cutmixAlpha ?? 0;
  const switchProb = options.switchProb ?? 0.5;
  const prob = options.prob ?? 1;
  const smoothing = options.labelSmoothing ?? 0.1;
  for (const [field, v] of [['mixupAlpha', mixupAlpha], ['cutmixAlpha', cutmixAlpha]] as const) {
    if (!(Number.isFinite(v) && v >= 0)) throw new DescentError('value', `${op}: ${field} must be a finite number >= 0, got ${v}`);
  }
  checkRange(op, 'switchProb', switchProb, 0, 1);
  checkRange(op, 'prob', prob, 0, 1);
  checkRange(op, 'labelSmoothing ε', smoothing, 0, 1);
  const numClasses = options.numClasses;
  return <B extends Batch>(x: B, target: ArrayLike<number> | Tensor): MixResult<B> & MixInfo => {
    const shape = [...x.shape];
    const n = shape[0] ?? 0;
    if (n % 2 !== 0) throw new DescentError('value', `${op}: batch size must be even for reversed-batch pairing, got N = ${n} (shape ${fmtShape(shape)}); drop the last odd batch`);
    let lam = 1;
    let useCutmix = false;
    if (rng.uniform() < prob && (mixupAlpha > 0 || cutmixAlpha > 0)) {
      if (mixupAlpha > 0 && cutmixAlpha > 0) {
        useCutmix = rng.uniform() < switchProb;
        lam = useCutmix ? rng.beta(cutmixAlpha, cutmixAlpha) : rng.beta(mixupAlpha, mixupAlpha);
      } else if (mixupAlpha > 0) {
        lam = rng.beta(mixupAlpha, mixupAlpha);
      } else {
        useCutmix = true;
        lam = rng.beta(cutmixAlpha, cutmixAlpha);
      }
    }
    const perm = reversedPermutation(n);
    if (lam === 1) {
      const y = smoothOneHot(target, numClasses, smoothing);
      return { x: wrapLike(x, unwrap(op, x).data, shape), y: wrapLike(x, y.data, y.shape), lam: 1, kind: 'none' };
    }
    if (useCutmix) {
      if (shape.length !== 4) throw new DescentError('shape', `${op}: CutMix needs an image batch [N, C, H, W], got ${fmtShape(shape)}`);
      const center: [number, number] = [rng.int(0, shape[2]!), rng.int(0, shape[3]!)];
      const r = cutmix(x, target, { lam, perm, center, numClasses, smoothing });
      return { ...r, kind: 'cutmix' };
    }
    return { ...mixup(x, target, { lam, perm, numClasses, smoothing }), kind: 'mixup' };
  };
}
