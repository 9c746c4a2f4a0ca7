import { clipGradNorm, clipGradValue, DescentError, Rng, type Core, type F32Buffer, type Optimizer, type OptimizerState, type ParamArena } from '@descent/optim-wasm';
import { add, Tensor, tensor, tidy, wasmBackend } from '@descent/autodiff';
import { decayParameters, weightNoise, type Snapshottable, type WeightNoiseHandle } from '@descent/regularize';
import { parametersNonFinite } from './guard.js';
import type { LossFn } from './loss.js';
import { countArgmaxHits } from './metrics.js';
import type { FitData, Model } from './model.js';
import type { ResidentRows } from './resident-rows.js';
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
  /** The training features in WASM memory, when they fit (batches are gathered there). */
  resident?: ResidentRows;
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
 * gradients and flags non-finite new θ in the same pass; either makes the outcome bad with
 * `updated` (the caller undoes it). Unguarded: gradients are scanned before the update, which is
 * then skipped; non-finite new θ still stops the run.
 */
export function trainStep(env: StepEnv, idx: Int32Array, epoch: number, batch: number, lr: number): StepOutcome {
  const { model, data, arena } = env;
  return tidy(() => {
    arena.zeroGrad();
    const b = idx.length;
    const labels = gatherLabels(data, idx, env.rows);
    let xt: Tensor;
    let y: Int32Array | Float32Array = labels;
    if (env.transforms) {
      const x = gatherRows(data, idx, env.rows);
      const out = env.transforms.run({ x: { data: x, shape: [b, ...(data.shape ?? [data.features])] }, y }, { epoch, batch, numClasses: env.numClasses, labelSmoothing: env.labelSmoothing });
      xt = tensor(out.x.data, { shape: [b, out.x.data.length / b] });
      y = out.y;
    } else xt = env.resident ? env.resident.rows(idx) : rowsTensor(arena.core, data, idx);
    const noise = env.noise?.apply(epoch, batch);
    let value: number;
    let out: Tensor;
    try {
      out = model.forward(xt);
      let loss = env.lossFn(out, y);
      if (env.penalty) loss = add(loss, env.penalty(model));
      value = loss.item();
      if (Number.isFinite(value)) loss.backward();
    } finally {
      noise?.remove();
    }
    if (!Number.isFinite(value)) return { value, hits: 0, bad: 'non-finite-loss' };
    const hits = labels instanceof Int32Array ? countArgmaxHits((out.storage as F32Buffer).view(), out.size / labels.length, labels) : 0;
    if (env.gradClip) applyClip(arena, env.gradClip);
    const info = env.optimizer.step(arena, env.state, { ...lrOptions(env.optimizer, env.state, lr), skipNonFinite: !env.guarded });
    if (info.skipped) return { value, hits, bad: 'non-finite-gradient' };
    if (info.nonFinite.length > 0) return { value, hits, bad: 'non-finite-gradient', updated: true };
    // the built-in optimizers check θ in the update's own pass; scan only for one that does not report
    const paramsBad = info.nonFiniteParams ? info.nonFiniteParams.length > 0 : parametersNonFinite(arena);
    if (paramsBad) return { value, hits, bad: 'non-finite-parameters', updated: true };
    return { value, hits };
  });
}

/**
 * The rows `idx` of the data as a [b, features] tensor, copied once, straight from the data into
 * the core's memory (no staging array): the indices come from fit's own permutation, unchecked.
 */
function rowsTensor(core: Core, data: FitData, idx: Int32Array): Tensor {
  const f = data.features;
  const buf = core.allocUninit(idx.length * f, 'fit');
  copyRows(data, idx, buf.view());
  return Tensor.fromStorage(wasmBackend(core), buf, [idx.length, f]);
}

/** The rows `idx` of the data in `into.x` (grown to the batch when needed), for batch transforms. */
function gatherRows(data: FitData, idx: Int32Array, into: BatchBuffers | undefined): Float32Array {
  const f = data.features;
  const b = idx.length;
  const x = into && into.x.length >= b * f ? into.x.subarray(0, b * f) : new Float32Array(b * f);
  return copyRows(data, idx, x);
}

/** Row idx[r] of the data into row r of `out`. */
function copyRows(data: FitData, idx: Int32Array, out: Float32Array): Float32Array {
  const f = data.features;
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r]! * f;
    out.set(data.x.subarray(i, i + f), r * f);
  }
  return out;
}

/** The labels of the rows `idx`, in `into.y` (grown to the batch when needed). */
function gatherLabels(data: FitData, idx: Int32Array, into: BatchBuffers | undefined): Int32Array | Float32Array {
  const yWidth = data.y.length / data.n;
  const b = idx.length;
  const y = into && into.y.length >= b * yWidth && into.y instanceof data.y.constructor ? into.y.subarray(0, b * yWidth) : data.y instanceof Int32Array ? new Int32Array(b) : new Float32Array(b * yWidth);
  for (let r = 0; r < b; r++) {
    const i = idx[r]!;
    if (yWidth === 1) y[r] = data.y[i]!;
    else y.set(data.y.subarray(i * yWidth, (i + 1) * yWidth), r * yWidth);
  }
  return y;
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

function applyClip(arena: ParamArena, clip: GradClip): void {
  if (typeof clip === 'number') clipGradNorm(arena, clip);
  else if ('value' in clip) clipGradValue(arena, clip.value);
  else clipGradNorm(arena, clip.maxNorm, clip.normType ?? 2, { form: clip.form, perParameter: clip.perParameter });
}
