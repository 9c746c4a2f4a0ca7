import type { DescentError, Optimizer, OptimizerState, ParamArena } from '@descent/optim-wasm';
import type { Tensor } from '@descent/autodiff';
import type { FitData, Model } from './model.js';
import type { LossSpec } from './loss.js';
import type { FitTransform } from './transforms.js';
import type { NamedTensor } from './checkpoint-content.js';
import type { FitSchedule } from './schedule.js';

/** One line of the history: what an epoch ended with. */
export interface EpochRecord {
  /** 0-based epoch index. */
  epoch: number;
  /**
   * Mean of the minimised objective (data loss + penalty) over the epoch's rows, as the steps
   * computed it (train mode: dropout on, transforms applied, parameters moving): Keras' `loss`.
   */
  trainLoss: number;
  /** Classification: fraction of the epoch's rows classified right by the batch outputs (train mode). */
  trainAccuracy?: number;
  /** Data loss on the validation set after the epoch (eval mode). */
  valLoss?: number;
  valAccuracy?: number;
  valMse?: number;
  /** The learning rate of the epoch's last step. */
  lr: number;
  /** Optimizer steps taken in total after this epoch. */
  steps: number;
}

/**
 * Why `fit` ended: all epochs done, a callback (or progress hook) asked, or a loss, gradient,
 * parameter or validation value went non-finite (see `FitResult.error`).
 */
export type StopReason = 'completed' | 'callback' | 'non-finite-loss' | 'non-finite-gradient' | 'non-finite-parameters' | 'non-finite-evaluation';

/** Handed to every callback; `stop` and `setLr` are how callbacks steer training. */
export interface FitContext {
  readonly model: Model;
  readonly arena: ParamArena;
  readonly optimizer: Optimizer<any>;
  readonly optimizerState: OptimizerState<any>;
  /** The epoch running now (0-based). */
  readonly epoch: number;
  /** The epoch count fit trains up to (options.epochs). */
  readonly epochs: number;
  /** Optimizer steps per epoch (batches, after dropLast). */
  readonly batchesPerEpoch: number;
  /** Optimizer steps taken so far. */
  readonly step: number;
  /** The learning rate of the next step (when no per-step `schedule` overrides it). */
  readonly lr: number;
  readonly history: readonly EpochRecord[];
  /** Ask the loop to stop after the current epoch (or batch); `reason` ends up in the result. */
  stop(reason: string): void;
  /** Set the base learning rate for the following steps. */
  setLr(lr: number): void;
}

/** What `onBatchEnd` callbacks hear after each optimizer step. */
export interface BatchInfo {
  /** Batch index within the epoch. */
  batch: number;
  size: number;
  /** The batch's objective (data loss + penalty). */
  loss: number;
  /** The learning rate this step used (the schedule's value when a per-step schedule is set). */
  lr: number;
}

/**
 * Hooks into `fit`'s loop, called in this order: train begin, per epoch (begin, each batch's end,
 * end), train end. Steer with `ctx.stop` and `ctx.setLr`.
 */
export interface Callback {
  /** Before the first step. */
  onTrainBegin?(ctx: FitContext): void;
  /** Before the first step of each epoch. */
  onEpochBegin?(ctx: FitContext): void;
  /** After every optimizer step. */
  onBatchEnd?(ctx: FitContext, batch: BatchInfo): void;
  /** After each epoch (validation done), with its record. */
  onEpochEnd?(ctx: FitContext, record: EpochRecord): void;
  /** Once when training ends (completed, stopped or non-finite), with the result. */
  onTrainEnd?(ctx: FitContext, result: FitResult): void;
  /** A stateful callback's state for `FitSession.checkpoint()`: JSON `meta` and named f32 tensors. */
  saveState?(): { meta: unknown; tensors?: NamedTensor[] };
  /** Continue from `saveState()` (tensor names as saved). */
  loadState?(state: { meta: unknown; tensors: NamedTensor[] }): void;
}

/** A callback object, or a plain function run at every epoch end. */
export type CallbackLike = Callback | ((ctx: FitContext, record: EpochRecord) => void);

/**
 * Gradient clipping before each step: a max global norm (PyTorch's clip_grad_norm_), the same
 * with `form: 'keras'` (g·c/max(‖g‖, c), Keras's global_clipnorm) and `perParameter: true`
 * (each parameter by its own norm, Keras's clipnorm), or a value bound (clip_grad_value_).
 */
export type GradClip = number | { maxNorm: number; normType?: number; form?: 'pytorch' | 'keras'; perParameter?: boolean } | { value: number };

/**
 * How `fit` trains: optimizer, loss, epochs, batches, validation, schedule, callbacks and
 * regularizers. Invalid fields are a DescentError naming the field.
 */
export interface FitOptions {
  /** An optimizer from optim-wasm's factories, e.g. `adam({ lr: 1e-3 })`. */
  optimizer: Optimizer<any>;
  /** Continue from this state (a checkpoint) instead of `optimizer.init(arena)`. */
  optimizerState?: OptimizerState<any>;
  /** Default: 'crossEntropy' for Int32Array labels, 'mse' for Float32Array targets. */
  loss?: LossSpec;
  /** Train until this many epochs are done in total (Keras semantics with `initialEpoch`). */
  epochs: number;
  /** Epochs already done (resume); default 0. */
  initialEpoch?: number;
  /** The history so far (resume); new records are appended to a copy. */
  history?: readonly EpochRecord[];
  /** 1 = SGD, N = mini-batch, 'full' = batch gradient descent. */
  batchSize: number | 'full';
  dropLast?: boolean;
  /** Reshuffle each epoch (default true). The order of epoch e depends only on (seed, e). */
  shuffle?: boolean;
  /** Seed of the data order; required when shuffling. */
  seed?: number;
  validation?: FitData;
  /**
   * The learning rate of each step: a per-step `(stepsTaken) => lr`, or a plan (`epochSchedule`,
   * `reduceLrOnPlateau`, or any `LrPlan`); each param group's own lr is scaled by lr ÷ the
   * optimizer's lr. Without it every step uses the base lr (which callbacks may `setLr`).
   */
  schedule?: FitSchedule;
  callbacks?: readonly CallbackLike[];
  /** Extra loss terms: `penalty(model)` is added to every batch loss (e.g. an L2 penalty). */
  regularizers?: {
    /**
     * A scalar tensor of the model (e.g. λ‖w‖²), added to every training batch's loss and
     * differentiated with it.
     */
    penalty?: (model: Model) => Tensor;
  };
  /** Clip gradients before the optimizer step: a max global L2 norm, `{maxNorm, normType}`, or `{value}`. */
  gradClip?: GradClip;
  /** Rows per forward pass of the validation evaluation (default 256). */
  evalBatchSize?: number;
  /**
   * Batch transforms applied in order to every training batch before the forward pass (train
   * only; validation is never transformed): input augmentations `(x, rng) => x` such as
   * regularize's `randomHorizontalFlip()` or `gaussianNoise({ std })`, and target transforms such
   * as `mixupTransform()` / `cutmixTransform()` / `mixupCutmixTransform()` (soft targets; the loss
   * becomes the soft-target cross-entropy). Each draws from its own generator forked from `seed`
   * per (transform, epoch, batch). Images get x as [N, …data.shape].
   */
  transforms?: readonly FitTransform[];
  /** Classification: number of classes for the mix transforms (default: data.classes, else max label + 1). */
  numClasses?: number;
  /**
   * Label smoothing ε of the training cross-entropy (PyTorch's label_smoothing); mix transforms build
   * it into their soft targets instead. valLoss stays the plain cross-entropy.
   */
  labelSmoothing?: number;
  /** Perturb parameters afresh at every forward pass; the optimizer steps the unperturbed ones. */
  weightNoise?: WeightNoiseOption;
  /**
   * Undo a step that makes a gradient or a parameter inf/NaN (stopReason 'non-finite-gradient' /
   * 'non-finite-parameters'): parameters, optimizer state and buffers end as after the last good
   * step (a copy taken once per epoch, then a replay of the good steps since). Default true.
   * Off: gradients are scanned before each update instead, and a parameter overflow is not undone.
   */
  guardParameters?: boolean;
  /** UI hook after every optimizer step (a shortcut for `progress({ onBatch })`). */
  onBatchEnd?: (event: ProgressEvent) => void;
  /** UI hook after every epoch (a shortcut for `progress({ onEpoch })`). */
  onEpochEnd?: (event: ProgressEvent) => void;
}

/** fit's weight noise: regularize's `weightNoise({ std, kind })` on the chosen parameters. */
export interface WeightNoiseOption {
  /** σ: θ̃ = θ + σz ('additive', default) or θ(1 + σz) ('multiplicative'), z ~ N(0, 1). */
  std: number;
  kind?: 'additive' | 'multiplicative';
  /** 'all' (default), 'weights' (regularize's decayParameters: no biases or norm parameters), or a selector. */
  parameters?: 'all' | 'weights' | ((model: Model) => Tensor[]);
}

/** What progress hooks receive after a batch or an epoch. */
export interface ProgressEvent {
  epoch: number;
  /** fit's target epoch count. */
  epochs: number;
  /** Optimizer steps taken so far. */
  step: number;
  /** Batch index within the epoch (after a batch), or the epoch's batch count (after an epoch). */
  batch: number;
  batchesPerEpoch: number;
  /** The batch objective, or the epoch's mean train loss. */
  loss: number;
  /** The lr of the step (batch) or of the epoch's last step. */
  lr: number;
  /** After a batch: { batch, size }; after an epoch: every number of the epoch record. */
  metrics: Readonly<Record<string, number>>;
  /** Ask fit to stop (after this batch / epoch); the reason ends up in result.stopMessage. */
  stop(reason?: string): void;
}

/**
 * What `fit` returns: the epoch records, why it stopped, the step count, and the optimizer state
 * and parameter arena to continue from.
 */
export interface FitResult {
  history: EpochRecord[];
  stopReason: StopReason;
  /** Why a callback stopped, or what went non-finite. */
  stopMessage?: string;
  /** Set when training stopped on a non-finite value: a DescentError saying where. */
  error?: DescentError;
  /** Epochs completed in total (the next `initialEpoch`). */
  epochs: number;
  /** Optimizer steps taken in total. */
  steps: number;
  optimizerState: OptimizerState<any>;
  arena: ParamArena;
}
