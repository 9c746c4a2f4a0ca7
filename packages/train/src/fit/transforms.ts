import { DescentError, Rng } from '@descent/optim-wasm';
import { mixupCutmix, type ArrayBatch, type MixupCutmixOptions } from '@descent/regularize';

/** A training batch as the transforms see it: inputs [N, …sampleShape] and the batch targets. */
export interface TrainBatch {
  /** Inputs, row-major, shape [N, …data.shape] (or [N, features] without a sample shape). */
  x: { data: Float32Array; shape: readonly number[] };
  /** Class indices (Int32Array), regression targets, or soft targets [N, K] (Float32Array). */
  y: Int32Array | Float32Array;
}

/** What fit tells a batch transform besides the batch. */
export interface TransformContext {
  epoch: number;
  /** Batch index within the epoch. */
  batch: number;
  /** Classification: the number of classes (fit's `numClasses`, the dataset's `classes`, or max label + 1). */
  numClasses?: number;
  /** fit's `labelSmoothing` ε (0 when not set). */
  labelSmoothing: number;
}

/**
 * A transform of inputs only — regularize's augmentations (`randomHorizontalFlip()`,
 * `randomCrop(…)`, `gaussianNoise(…)`, `featureJitter(…)`, `compose(…)`) have this type.
 */
export type InputTransform = (x: ArrayBatch, rng: Rng) => ArrayBatch;

/** A transform of inputs and targets (Mixup/CutMix turn class indices into soft targets). */
export interface TargetTransform {
  readonly name: string;
  /** Needs an even number of rows in every batch (reversed-batch pairing). */
  readonly evenBatches?: boolean;
  /** The transformed batch (new inputs and targets), drawing from this batch's generator `rng`. */
  apply(batch: TrainBatch, rng: Rng, ctx: TransformContext): TrainBatch;
}

/**
 * One of fit's `transforms`: an input transform `(x, rng) => x`, or a target transform (Mixup /
 * CutMix).
 */
export type FitTransform = InputTransform | TargetTransform;

/**
 * Options of `mixupTransform`, `cutmixTransform` and `mixupCutmixTransform`: regularize's
 * `mixupCutmix` options, with the class count and ε taken from fit by default.
 */
export interface MixTransformOptions extends Partial<Omit<MixupCutmixOptions, 'numClasses' | 'labelSmoothing'>> {
  /** Default: fit's class count. */
  numClasses?: number;
  /** ε of the one-hot targets before mixing. Default: fit's `labelSmoothing` (so ε is applied once). */
  labelSmoothing?: number;
}

/**
 * regularize's `mixupCutmix` (timm's `Mixup`, batch mode) as a fit transform: with a fresh
 * generator per batch, λ ~ Beta(α, α), x̃ = λx + (1 − λ)x[rev], ỹ = λY + (1 − λ)Y[rev] (or a
 * CutMix box with λ corrected to the pasted area), Y the ε-smoothed one-hot targets. fit then
 * minimises the soft-target cross-entropy −Σ_k ỹ_k log softmax(out)_k. Batches must be even
 * (use an even batchSize and dropLast when n is odd), which fit checks before training.
 *
 * @example fit(model, train, { ..., transforms: [mixupCutmixTransform({ mixupAlpha: 0.8, cutmixAlpha: 1 })] })
 */
export function mixupCutmixTransform(options: MixTransformOptions = {}): TargetTransform {
  const kind = (options.mixupAlpha ?? 1) > 0 && (options.cutmixAlpha ?? 0) > 0 ? 'mixupCutmix' : (options.mixupAlpha ?? 1) > 0 ? 'mixup' : 'cutmix';
  // validate now (numClasses 2 is a stand-in), so a bad option fails before training starts
  mixupCutmix({ ...options, numClasses: options.numClasses ?? 2, labelSmoothing: options.labelSmoothing ?? 0 }, new Rng(0));
  return {
    name: kind,
    evenBatches: true,
    apply(batch, rng, ctx) {
      const op = `fit: transform '${kind}'`;
      if (!(batch.y instanceof Int32Array)) throw new DescentError('bad-data', `${op} needs class indices (Int32Array y); the targets are already soft or real-valued`);
      const numClasses = options.numClasses ?? ctx.numClasses;
      if (numClasses === undefined) throw new DescentError('bad-arg', `${op}: unknown number of classes (pass numClasses)`);
      const mix = mixupCutmix({ ...options, numClasses, labelSmoothing: options.labelSmoothing ?? ctx.labelSmoothing }, rng);
      const r = mix({ data: batch.x.data, shape: batch.x.shape }, batch.y);
      return { x: { data: r.x.data as Float32Array, shape: r.x.shape }, y: r.y.data as Float32Array };
    },
  };
}

/** Mixup only (Zhang et al. 2018): λ ~ Beta(α, α), default α = 1 (timm's default). */
export function mixupTransform(options: { alpha?: number; prob?: number; numClasses?: number; labelSmoothing?: number } = {}): TargetTransform {
  const { alpha, ...rest } = options;
  return mixupCutmixTransform({ ...rest, mixupAlpha: alpha ?? 1, cutmixAlpha: 0 });
}

/** CutMix only (Yun et al. 2019) on image batches [N, C, H, W] (fit data needs `shape`): λ ~ Beta(α, α), default α = 1. */
export function cutmixTransform(options: { alpha?: number; prob?: number; numClasses?: number; labelSmoothing?: number } = {}): TargetTransform {
  const { alpha, ...rest } = options;
  const a = alpha ?? 1;
  if (!(Number.isFinite(a) && a > 0)) throw new DescentError('bad-arg', `cutmixTransform: alpha must be a finite number > 0, got ${a}`);
  return mixupCutmixTransform({ ...rest, mixupAlpha: 0, cutmixAlpha: a });
}

/**
 * The per-batch pipeline fit runs: transform i at (epoch e, batch b) draws from
 * Rng(seed).fork('fit/transforms').fork(i).fork('e/b'), so a batch's augmentation depends only on
 * (seed, i, e, b) — not on what ran before (resumed runs are bit-identical).
 */
export class TransformPipeline {
  private readonly roots: Rng[];
  readonly evenBatches: boolean;

  constructor(
    readonly transforms: readonly FitTransform[],
    seed: number,
  ) {
    transforms.forEach((t, i) => {
      const ok = typeof t === 'function' || (t !== null && typeof t === 'object' && typeof t.apply === 'function');
      if (!ok) throw new DescentError('bad-arg', `fit: transforms[${i}] must be a function (x, rng) => x or an object with apply(batch, rng, ctx)`);
    });
    const root = new Rng(seed).fork('fit/transforms');
    this.roots = transforms.map((_, i) => root.fork(i));
    this.evenBatches = transforms.some((t) => typeof t !== 'function' && t.evenBatches === true);
  }

  /** Apply every transform in order to the batch of (epoch, batch). */
  run(start: TrainBatch, ctx: TransformContext): TrainBatch {
    let b = start;
    this.transforms.forEach((t, i) => {
      const rng = this.roots[i]!.fork(`${ctx.epoch}/${ctx.batch}`);
      const rows = b.x.shape[0]!;
      if (typeof t === 'function') {
        const out = t({ data: b.x.data, shape: b.x.shape }, rng);
        b = { x: checkX(i, out, rows), y: b.y };
      } else {
        const out = t.apply(b, rng, ctx);
        const x = checkX(i, out.x, rows);
        if (!(out.y instanceof Int32Array || out.y instanceof Float32Array) || out.y.length % rows !== 0) {
          throw new DescentError('bad-data', `fit: transforms[${i}] ('${t.name}') returned ${out.y?.length} targets for ${rows} rows`);
        }
        b = { x, y: out.y };
      }
    });
    return b;
  }
}

function checkX(i: number, x: ArrayBatch | undefined, rows: number): TrainBatch['x'] {
  if (!x || !(x.data instanceof Float32Array || x.data instanceof Float64Array) || x.shape?.[0] !== rows || x.data.length % rows !== 0) {
    throw new DescentError('bad-data', `fit: transforms[${i}] must return a batch { data, shape } of ${rows} rows, got shape [${x?.shape?.join(', ')}]`);
  }
  return { data: x.data instanceof Float32Array ? x.data : Float32Array.from(x.data), shape: x.shape };
}
