import { clipGradNorm, clipGradValue, DescentError, Rng, type Optimizer, type OptimizerState, type ParamArena } from '@descent/optim-wasm';
import { add, tensor, tidy, type Tensor } from '@descent/autodiff';
import { decayParameters, weightNoise, type Snapshottable, type WeightNoiseHandle } from '@descent/regularize';
import { parametersNonFinite } from './guard.js';
import type { LossFn } from './loss.js';
import { argmaxRows } from './metrics.js';
import type { FitData, Model } from './model.js';
import type { TransformPipeline } from './transforms.js';
import type { GradClip, StopReason, WeightNoiseOption } from './types.js';

/** Everything one training step needs, resolved once per fit call. */
export interface StepEnv {
  model: Model;
  data: FitData;
  arena: ParamArena;
  optimizer: Optimizer<any>;
  state: OptimizerState<any>;
  lossFn: LossFn;
  penalty?: (model: Model) => Tensor;
  gradClip?: GradClip;
  /** fit's TransformPipeline, or any batch transform with the same `run`. */
  transforms?: Pick<TransformPipeline, 'run'>;
  numClasses?: number;
  labelSmoothing: number;
  /** fit's WeightNoiser, or any source of a weight-noise handle per step. */
  noise?: Pick<WeightNoiser, 'apply'>;
  /**
   * With a guard, the fused update's own count of non-finite gradients replaces the pre-scan and
   * the caller undoes a bad step (`FitSession`: the guard's last copy, then a replay); without
   * one, gradients are scanned first and a bad step is skipped.
   */
  guarded?: boolean;
  /** Reused per step: the gathered rows and labels (no allocation per batch). */
  rows?: BatchBuffers;
}

/** Buffers for the rows of the largest batch, reused by every step. */
export interface BatchBuffers {
  x: Float32Array;
  y: Int32Array | Float32Array;
}

export interface StepOutcome {
  /** The batch objective (data loss + penalty). */
  value: number;
  /** Rows whose argmax output equals the (un-mixed) label. */
  hits: number;
  bad?: Extract<StopReason, `non-finite-${string}`>;
  /** True when the update already ran (a guarded step): the caller must undo it. */
  updated?: boolean;
}

/**
 * One optimizer step on the rows `idx`, inside one memory scope:
 *   (x, y) ← transforms(x_B, y_B);  θ̃ ← θ + noise (weight noise, if any);
 *   g = ∇_θ̃ [ ℓ(model(x), y) + penalty(model) ];  θ̃ → θ (bit-exact);  clip(g);
 *   θ, state ← optimizer.step(θ, g, state, lr)
 * A non-finite loss stops before the backward pass. Guarded: the fused update counts non-finite
 * gradients and θ is scanned after it; either makes the outcome bad with `updated` (the caller
 * undoes it). Unguarded: gradients are scanned before the update, which is then skipped.
 */
export function trainStep(env: StepEnv, idx: Int32Array, epoch: number, batch: number, lr: number): StepOutcome {
  const { model, data, arena } = env;
  return tidy(() => {
    arena.zeroGrad();
    const { x: gx, y: labels } = gather(data, idx, env.rows);
    let x = gx;
    let y: Int32Array | Float32Array = labels;
    if (env.transforms) {
      const out = env.transforms.run({ x: { data: x, shape: [idx.length, ...(data.shape ?? [data.features])] }, y }, { epoch, batch, numClasses: env.numClasses, labelSmoothing: env.labelSmoothing });
      x = out.x.data;
      y = out.y;
    }
    const noise = env.noise?.apply(epoch, batch);
    let value: number;
    let out: Tensor;
    try {
      out = model.forward(tensor(x, { shape: [idx.length, x.length / idx.length] }));
      let loss = env.lossFn(out, y);
      if (env.penalty) loss = add(loss, env.penalty(model));
      value = loss.item();
      if (Number.isFinite(value)) loss.backward();
    } finally {
      noise?.remove();
    }
    if (!Number.isFinite(value)) return { value, hits: 0, bad: 'non-finite-loss' };
    const hits = labels instanceof Int32Array ? countHits(out.data(), labels) : 0;
    if (env.gradClip) applyClip(arena, env.gradClip);
    const info = env.optimizer.step(arena, env.state, { ...lrOptions(env.optimizer, env.state, lr), skipNonFinite: !env.guarded });
    if (info.skipped) return { value, hits, bad: 'non-finite-gradient' };
    if (info.nonFinite.length > 0) return { value, hits, bad: 'non-finite-gradient', updated: true };
    if (parametersNonFinite(arena)) return { value, hits, bad: 'non-finite-parameters', updated: true };
    return { value, hits };
  });
}

/**
 * The rows `idx` of the data and their labels, copied into `into` (grown to the batch when
 * needed) without index checks: the indices come from fit's own permutation.
 */
function gather(data: FitData, idx: Int32Array, into: BatchBuffers | undefined): { x: Float32Array; y: Int32Array | Float32Array } {
  const f = data.features;
  const yWidth = data.y.length / data.n;
  const b = idx.length;
  const x = into && into.x.length >= b * f ? into.x.subarray(0, b * f) : new Float32Array(b * f);
  const y = into && into.y.length >= b * yWidth && into.y instanceof data.y.constructor ? into.y.subarray(0, b * yWidth) : data.y instanceof Int32Array ? new Int32Array(b) : new Float32Array(b * yWidth);
  for (let r = 0; r < b; r++) {
    const i = idx[r]!;
    x.set(data.x.subarray(i * f, (i + 1) * f), r * f);
    if (yWidth === 1) y[r] = data.y[i]!;
    else y.set(data.y.subarray(i * yWidth, (i + 1) * yWidth), r * yWidth);
  }
  return { x, y };
}

/** Buffers for batches of up to `rows` rows of `data`. */
export function batchBuffers(data: FitData, rows: number): BatchBuffers {
  const yWidth = data.y.length / data.n;
  return { x: new Float32Array(rows * data.features), y: data.y instanceof Int32Array ? new Int32Array(rows) : new Float32Array(rows * yWidth) };
}

/**
 * The step options that give the base param group the learning rate `lr`: every group's own lr
 * scaled by lr ÷ the optimizer's base lr, as PyTorch's schedulers scale each group's initial lr.
 * When every group has the base lr, `lr` is passed as it is (bit-exact, no division).
 */
export function lrOptions(optimizer: Optimizer<any>, state: OptimizerState<any>, lr: number): { lr?: number; lrScale?: number } {
  const base = Number(optimizer.defaults['lr']);
  if (state.groups.every((g) => g.options['lr'] === base)) return lr === base ? {} : { lr };
  if (lr === base) return {};
  if (!(base > 0)) {
    throw new DescentError('bad-arg', `fit: param groups with their own lr are scaled by lr ÷ the optimizer's lr, which needs the optimizer's lr > 0 (got ${base})`);
  }
  return { lrScale: lr / base };
}

/**
 * fit's weight noise: each step perturbs the chosen parameters with regularize's `weightNoise`,
 * z drawn from Rng(seed).fork('fit/weightNoise').fork('e/b'), and the handle restores them.
 */
export class WeightNoiser {
  private readonly noise: ReturnType<typeof weightNoise>;
  private readonly root: Rng;
  private readonly params: Tensor[];

  constructor(model: Model, option: WeightNoiseOption, seed: number) {
    this.noise = weightNoise({ std: option.std, kind: option.kind });
    this.root = new Rng(seed).fork('fit/weightNoise');
    const which = option.parameters ?? 'all';
    if (which === 'all') this.params = model.parameters();
    else if (which === 'weights') {
      if (typeof (model as Partial<Snapshottable>).namedParameters !== 'function') {
        throw new DescentError('bad-arg', "fit: weightNoise.parameters 'weights' needs a model with namedParameters() (a Module)");
      }
      this.params = decayParameters(model as unknown as Snapshottable);
    } else if (typeof which === 'function') this.params = which(model);
    else throw new DescentError('bad-arg', `fit: weightNoise.parameters must be 'all', 'weights' or (model) => Tensor[], got ${String(which)}`);
    if (this.params.length === 0) throw new DescentError('bad-arg', 'fit: weightNoise selects no parameters');
  }

  apply(epoch: number, batch: number): WeightNoiseHandle {
    return this.noise.apply(this.params, this.root.fork(`${epoch}/${batch}`));
  }
}

function countHits(out: ArrayLike<number>, y: Int32Array): number {
  const pred = argmaxRows(out, out.length / y.length);
  let h = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) h++;
  return h;
}

function applyClip(arena: ParamArena, clip: GradClip): void {
  if (typeof clip === 'number') clipGradNorm(arena, clip);
  else if ('value' in clip) clipGradValue(arena, clip.value);
  else clipGradNorm(arena, clip.maxNorm, clip.normType ?? 2);
}
