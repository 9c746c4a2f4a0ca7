import type { Module } from '@descent/autodiff';
import { DescentError, type Hyper, type OptimizerState, type ParamArena } from '@descent/optim-wasm';
import type { EarlyStoppingCallback } from '../fit/callbacks.js';
import type { CheckpointContent } from '../fit/checkpoint-content.js';
import { evaluate, type Evaluation } from '../fit/evaluate.js';
import type { FitSession } from '../fit/session.js';
import type { EpochRecord } from '../fit/types.js';
import type { TrainConfig } from './config.js';
import type { Prepared, Split } from './data.js';
import { configError } from './errors.js';

/** One line of metrics.jsonl: the state after an epoch (no wall-clock: same seed, same bits). */
export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  step: number;
  lr: number;
  trainLoss: number;
  trainAccuracy?: number;
  /** Regression: the running train objective (the MSE, plus L1/L2 when set). */
  trainMse?: number;
  valLoss?: number;
  valAccuracy?: number;
  valMse?: number;
}

/**
 * What a trainer's `onBatch` hook hears after each step: the epoch (0-based), the batch just taken
 * (1-based) of `batches`, and its loss.
 */
export interface TrainerBatchInfo {
  epoch: number;
  /** Batches done in the epoch (1-based index of the batch just taken). */
  batch: number;
  batches: number;
  loss: number;
}

/**
 * Observers of a trainer's `step`, `runSync` and `run` (they never change its numbers), and
 * `run`'s pause poll.
 */
export interface TrainerHooks {
  /** After every optimizer step. */
  onBatch?(info: TrainerBatchInfo): void;
  /**
   * After the last step of each epoch, with the epoch's metrics (epoch 1-based) and the trainer.
   */
  onEpoch?(m: EpochMetrics, t: Trainer): void;
  /** Polled between two steps (run only): true pauses the run by throwing `Interrupted`. */
  interrupted?(): boolean;
}

/** Thrown by `run` when `hooks.interrupted()` says so; the trainer can then be checkpointed and resumed. */
export class Interrupted extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
  ) {
    super(`interrupted at epoch ${epoch + 1}, batch ${batch}`);
  }
}

/** Loss and accuracy (classification) or MSE (regression) of a model on a split: fit's `evaluate`. */
export type Scores = Pick<Evaluation, 'loss' | 'accuracy' | 'mse'>;

const metricsOf = (r: EpochRecord): EpochMetrics => {
  const m: EpochMetrics = { epoch: r.epoch + 1, step: r.steps, lr: r.lr, trainLoss: r.trainLoss };
  if (r.trainAccuracy !== undefined) m.trainAccuracy = r.trainAccuracy;
  else m.trainMse = r.trainLoss;
  if (r.valLoss !== undefined) m.valLoss = r.valLoss;
  if (r.valAccuracy !== undefined) m.valAccuracy = r.valAccuracy;
  if (r.valMse !== undefined) m.valMse = r.valMse;
  return m;
};

/**
 * A configured run (the CLI's and the playground's): a `FitSession` built by `createTrainer` from
 * a TrainConfig, plus what the two front ends read — metrics lines, scores on a split, early
 * stopping's best epoch — and the one place a stopped fit becomes a thrown error. No loop of its
 * own: every step is the session's.
 */
export class Trainer {
  constructor(
    readonly config: TrainConfig,
    readonly session: FitSession,
    readonly data: Prepared,
    readonly model: Module,
    readonly arena: ParamArena,
    private readonly es: EarlyStoppingCallback | null,
    /** Rows per step: the batch size, capped at the training rows ('full' = all of them). */
    readonly batchSize: number,
  ) {}

  get optState(): OptimizerState<Hyper> {
    return this.session.optimizerState;
  }
  /** Completed epochs (the running epoch's index). */
  get epoch(): number {
    return this.session.epoch;
  }
  /** Batches done within the current epoch. */
  get batch(): number {
    return this.session.batch;
  }
  get history(): EpochMetrics[] {
    return this.session.history.map(metricsOf);
  }
  get done(): boolean {
    return this.session.done;
  }
  get stoppedEarly(): boolean {
    return this.session.stopReason === 'callback';
  }
  get batchesPerEpoch(): number {
    return this.session.batchesPerEpoch;
  }
  /** Epoch of the best monitored loss (1-based) when early stopping is on. */
  get bestEpoch(): number | null {
    return this.es && this.es.state.best !== null ? this.es.state.bestEpoch + 1 : null;
  }

  /** Scores on a split (eval mode), as the epoch records compute them. */
  score(split: Split): Scores {
    const e = evaluate(this.model, { ...split, features: this.data.features }, { confusion: false });
    const s: Scores = { loss: e.loss };
    if (e.accuracy !== undefined) s.accuracy = e.accuracy;
    if (e.mse !== undefined) s.mse = e.mse;
    return s;
  }

  /**
   * One optimizer step on the next batch (and the epoch's end after its last one); returns the
   * batch loss. A non-finite loss, gradient, parameter or end-of-epoch figure throws
   * DescentError 'diverged' naming it; the previous epoch's state is the last good one.
   */
  step(hooks: Pick<TrainerHooks, 'onBatch' | 'onEpoch'> = {}): number {
    const r = this.session.step();
    if (r === null) throw new DescentError('bad-state', `Trainer.step: the run has finished (epoch ${this.epoch})`);
    const error = this.session.error;
    if (error) throw new DescentError('diverged', `training diverged: ${error.message.replace(/^fit: /, '')}`);
    hooks.onBatch?.({ epoch: r.epoch, batch: r.batch + 1, batches: this.batchesPerEpoch, loss: r.loss });
    if (r.record) hooks.onEpoch?.(metricsOf(r.record), this);
    if (this.done) this.finish();
    return r.loss;
  }

  /** Train to the end, yielding to the event loop between steps (a UI stays responsive). */
  async run(hooks: TrainerHooks = {}): Promise<void> {
    while (!this.done) {
      const e = this.epoch;
      this.step(hooks);
      await new Promise<void>((r) => ((globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f: () => void) => setTimeout(f, 0)))(r));
      if (!this.done && hooks.interrupted?.()) throw new Interrupted(e, this.batch === 0 ? this.batchesPerEpoch : this.batch);
    }
    this.finish();
  }

  /** The same without yielding (ensemble members, folds, experiments). */
  runSync(hooks: Pick<TrainerHooks, 'onBatch' | 'onEpoch'> = {}): void {
    while (!this.done) this.step(hooks);
    this.finish();
  }

  /** End the run: early stopping restores the best weights (also when training ran to the end). */
  finish(): void {
    this.session.finish();
  }

  /** Everything needed to continue bit-identically (the session's checkpoint). */
  checkpoint(): CheckpointContent {
    return this.session.checkpoint();
  }

  /** Continue from a checkpoint written by `checkpoint()` of the same configuration. */
  restore(c: CheckpointContent): void {
    try {
      this.session.restore(c);
    } catch (e) {
      throw configError(`checkpoint does not match the model or optimizer: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (this.done) this.finish();
  }
}
