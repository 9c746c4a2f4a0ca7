import type { Rng } from '@descent/optim-wasm';
import { cutmix, gaussianNoise, mixup, randomTranslation, type ArrayBatch, type BatchTransform } from '@descent/regularize';
import { configError, field } from './errors.js';

/** The batch-level regularizers of a run (all from @descent/regularize). */
export interface TransformSpec {
  augment: boolean;
  inputNoise: number;
  mixup: number;
  cutmix: number;
  labelSmoothing: number;
}

/**
 * A batch after the run's batch transform: its inputs and, when labels were mixed, soft targets.
 */
export interface TransformedBatch {
  x: Float32Array;
  /** Soft targets [b, classes] when Mixup / CutMix mixed the labels, else null (use the labels). */
  soft: Float32Array | null;
}

/** A run's batch transform: draws from the step stream `rng`. */
export type BatchTransformFn = (x: Float32Array, y: Int32Array | Float32Array, rng: Rng) => TransformedBatch;

/**
 * Build the per-batch transform: augmentation (random ±1 pixel translation of images), input
 * noise (x + σ·ε), then Mixup or CutMix (λ ~ Beta(α, α), partner = a random permutation; when
 * both are set each batch picks one with probability ½). Draws come from the step stream `rng`.
 */
export function batchTransform(spec: TransformSpec, task: string, classes: number, shape: number[] | null): BatchTransformFn {
  if ((spec.augment || spec.cutmix > 0) && !shape) {
    throw configError(`${field(spec.augment ? 'augment' : 'cutmix')} needs image data (e.g. ${field('dataset')} digits)`);
  }
  if ((spec.mixup > 0 || spec.cutmix > 0 || spec.labelSmoothing > 0) && task !== 'classification') {
    throw configError(`${field('mixup')}, ${field('cutmix')} and ${field('labelSmoothing')} need a classification dataset`);
  }
  const steps: BatchTransform[] = [];
  if (spec.augment && shape) steps.push(randomTranslation({ translate: [1 / shape[2]!, 1 / shape[1]!] }));
  if (spec.inputNoise > 0) steps.push(gaussianNoise({ std: spec.inputNoise }));
  const mixing = spec.mixup > 0 || spec.cutmix > 0;
  return (x: Float32Array, y: Int32Array | Float32Array, rng: Rng): TransformedBatch => {
    const b = y.length;
    let batch: ArrayBatch = { data: x, shape: shape ? [b, ...shape] : [b, x.length / b] };
    for (const t of steps) batch = t(batch, rng);
    let soft: Float32Array | null = null;
    if (mixing && y instanceof Int32Array) {
      const useCut = spec.cutmix > 0 && (spec.mixup === 0 || rng.uniform() < 0.5);
      const alpha = useCut ? spec.cutmix : spec.mixup;
      const lam = rng.beta(alpha, alpha);
      const perm = rng.permutation(b);
      const common = { lam, perm, numClasses: classes, smoothing: spec.labelSmoothing };
      const r = useCut ? cutmix(batch, y, { ...common, center: [rng.int(0, shape![1]!), rng.int(0, shape![2]!)] as const }) : mixup(batch, y, common);
      batch = r.x;
      soft = Float32Array.from(r.y.data);
    }
    return { x: batch.data instanceof Float32Array ? batch.data : Float32Array.from(batch.data), soft };
  };
}
