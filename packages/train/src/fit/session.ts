import { DescentError, Rng, type OptimizerState } from '@descent/optim-wasm';
import { epochOrder, numBatches } from '../data/loader.js';
import { modelArena } from './arena.js';
import { progress } from './callbacks.js';
import type { CheckpointContent } from './checkpoint-content.js';
import { nonFiniteRecord, nonFiniteStep, type Stop } from './divergence.js';
import { epochRecord, type EpochSums } from './epoch-end.js';
import { LastGood } from './last-good.js';
import { resolveLoss } from './loss.js';
import { checkFitData, type FitData, type Model } from './model.js';
import { asPlan, type LrPlan } from './schedule.js';
import { asCallback, batchRows, checkEvenBatches, checkOptions, classCount, seedFor, type CheckedOptions } from './session-options.js';
import { ResidentRows } from './resident-rows.js';
import { loadSession, saveSession } from './session-state.js';
import { batchBuffers, trainStep, WeightNoiser, type StepEnv } from './step.js';
import { StepStreams } from './step-streams.js';
import { TransformPipeline } from './transforms.js';
import type { Callback, EpochRecord, FitContext, FitOptions, FitResult, StopReason } from './types.js';

/** What one `FitSession.step()` did. */
export interface StepReport {
  epoch: number;
  /** Batch index within the epoch. */
  batch: number;
  /** The batch objective (data loss + penalty). */
  loss: number;
  lr: number;
  /** Set when this step ended its epoch: the epoch's record. */
  record?: EpochRecord;
}

// Node's setImmediate lets signals in between two steps; browsers fall back to a macrotask
const yieldToEventLoop = (): Promise<void> =>
  new Promise((r) => ((globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f: () => void) => setTimeout(f, 0)))(r));

/**
 * fit's loop as an object: `fit()` drives one to the end; a UI drives it a step at a time
 * (`step()`), pauses between two steps (`runAsync({ pause })`), saves it anywhere, mid-epoch
 * included (`checkpoint()`), and continues bit-identically in a new session built with the same
 * model architecture and options (`restore()`). `finish()` ends it (early stopping's restore).
 * See `fit` for the semantics of a step and an epoch.
 */
export class FitSession {
  readonly history: EpochRecord[];
  readonly model: Model;
  readonly ctx: FitContext;
  private readonly o: CheckedOptions;
  private readonly options: FitOptions;
  private readonly data: FitData;
  private readonly env: StepEnv;
  private readonly callbacks: Callback[];
  private readonly plan: LrPlan | undefined;
  private readonly shuffleRng: Rng | undefined;
  private readonly streams: StepStreams;
  private readonly classes: boolean;
  private state: OptimizerState<any>;
  private baseLr: number;
  private epochIndex: number;
  private batchIndex = 0;
  private order: Int32Array | null = null;
  private readonly sums: EpochSums = { lossSum: 0, lossCount: 0, hits: 0 };
  private stopRequest: string | undefined;
  private lastGood: LastGood | undefined;
  private readonly params: ReturnType<Model['parameters']>;
  private stopped: Stop | undefined;
  private finished: FitResult | undefined;

  constructor(model: Model, data: FitData, options: FitOptions) {
    checkFitData('fit', 'data', data);
    if (options.validation) checkFitData('fit', 'validation', options.validation);
    const o = checkOptions(options);
    this.o = o;
    this.options = options;
    this.model = model;
    this.data = data;
    const arena = modelArena(model);
    const opt = options.optimizer;
    this.state = options.optimizerState ?? opt.init(arena);
    this.classes = data.y instanceof Int32Array;
    const labelSmoothing = options.labelSmoothing ?? 0;
    const { fn: lossFn } = resolveLoss(options.loss, this.classes, labelSmoothing);
    this.callbacks = (options.callbacks ?? []).map(asCallback);
    if (options.onBatchEnd || options.onEpochEnd) this.callbacks.push(progress({ onBatch: options.onBatchEnd, onEpoch: options.onEpochEnd }));
    this.history = [...(options.history ?? [])];
    this.plan = options.schedule === undefined ? undefined : asPlan(options.schedule);
    this.shuffleRng = o.shuffle ? new Rng(o.seed!).fork('fit/shuffle') : undefined;
    this.env = { model, data, arena, optimizer: opt, state: this.state, lossFn, penalty: options.regularizers?.penalty, gradClip: o.gradClip, labelSmoothing };
    if (options.transforms && options.transforms.length > 0) {
      const pipeline = new TransformPipeline(options.transforms, seedFor('transforms', o.seed));
      this.env.transforms = pipeline;
      if (this.classes) this.env.numClasses = options.numClasses ?? classCount(data, options.validation);
      if (pipeline.evenBatches) checkEvenBatches(data.n, o.batchSize, o.dropLast);
    }
    if (options.weightNoise) this.env.noise = new WeightNoiser(model, options.weightNoise, seedFor('weightNoise', o.seed));
    this.streams = new StepStreams(model, o.seed);
    this.baseLr = Number(opt.defaults['lr']);
    this.epochIndex = o.initialEpoch;
    this.ctx = this.context();
    model.train?.();
    this.params = model.parameters();
    this.env.rows = batchBuffers(data, batchRows(o, data.n));
    if (!this.env.transforms) this.env.resident = ResidentRows.of(arena.core, data);
    if (options.guardParameters ?? true) {
      this.lastGood = new LastGood(model, arena, this.state);
      this.env.guarded = true;
    }
    this.callbacks.forEach((c) => c.onTrainBegin?.(this.ctx));
  }

  /** The epoch running now (0-based); equals the epochs completed between two epochs. */
  get epoch(): number {
    return this.epochIndex;
  }
  /** Batches done within the current epoch. */
  get batch(): number {
    return this.batchIndex;
  }
  get batchesPerEpoch(): number {
    return this.ctx.batchesPerEpoch;
  }
  get optimizerState(): OptimizerState<any> {
    return this.state;
  }
  /** True once the epochs are done, a callback stopped, or a value went non-finite. */
  get done(): boolean {
    return this.finished !== undefined || this.stopped !== undefined || (this.batchIndex === 0 && (this.epochIndex >= this.o.epochs || this.stopRequest !== undefined));
  }
  /** Why the run stopped so far ('completed' while it runs). */
  get stopReason(): StopReason {
    return this.stopped?.reason ?? (this.stopRequest !== undefined ? 'callback' : 'completed');
  }
  /** The error of a non-finite stop (loss, gradient, parameters or an end-of-epoch figure). */
  get error(): DescentError | undefined {
    return this.stopped?.error;
  }

  /** One optimizer step on the next batch, and the epoch's end after its last batch; null when done. */
  step(): StepReport | null {
    if (this.done) return null;
    const e = this.epochIndex;
    const b = this.batchIndex;
    if (b === 0) this.callbacks.forEach((c) => c.onEpochBegin?.(this.ctx));
    const idx = this.batchRowsOf(b);
    const lr = this.lrOf(e);
    this.env.state = this.state;
    this.lastGood?.beforeStep(b);
    const outcome = this.runStep(idx, e, b, lr);
    if (outcome.bad) {
      const restored = outcome.updated === true && this.lastGood !== undefined;
      if (restored) this.undo(e);
      this.stopped = nonFiniteStep(outcome.bad, outcome.value, e, b, this.state.step, lr, restored || !outcome.updated);
      return { epoch: e, batch: b, loss: outcome.value, lr };
    }
    this.lastGood?.good(lr);
    this.sums.lossSum += outcome.value * idx.length;
    this.sums.lossCount += idx.length;
    this.sums.hits += outcome.hits;
    this.callbacks.forEach((c) => c.onBatchEnd?.(this.ctx, { batch: b, size: idx.length, loss: outcome.value, lr }));
    this.batchIndex = b + 1;
    const report: StepReport = { epoch: e, batch: b, loss: outcome.value, lr };
    if (this.batchIndex === this.ctx.batchesPerEpoch || this.stopRequest !== undefined) report.record = this.endEpoch(lr);
    return report;
  }

  /** Run to the end (synchronously) and finish. */
  run(): FitResult {
    while (this.step() !== null);
    return this.finish();
  }

  /**
   * Run to the end, yielding to the event loop between two steps; returns 'paused' (between two
   * steps, ready for `checkpoint()`) when `pause()` says so, else the finished result.
   */
  async runAsync(hooks: { pause?: () => boolean } = {}): Promise<FitResult | 'paused'> {
    while (this.step() !== null) {
      await yieldToEventLoop();
      if (!this.done && hooks.pause?.()) return 'paused';
    }
    return this.finish();
  }

  /** End the run: callbacks' onTrainEnd (early stopping restores the best weights); idempotent. */
  finish(): FitResult {
    if (this.finished) return this.finished;
    this.lastGood?.free();
    this.env.resident?.free();
    this.model.train?.();
    const result: FitResult = {
      history: this.history,
      stopReason: this.stopReason,
      epochs: this.history.length > 0 ? this.history[this.history.length - 1]!.epoch + 1 : this.o.initialEpoch,
      steps: this.state.step,
      optimizerState: this.state,
      arena: this.env.arena,
    };
    const message = this.stopped?.message ?? this.stopRequest;
    if (message !== undefined) result.stopMessage = message;
    if (this.stopped?.error) result.error = this.stopped.error;
    this.finished = result;
    this.callbacks.forEach((c) => c.onTrainEnd?.(this.ctx, result));
    return result;
  }

  /**
   * Everything needed to continue bit-identically, between any two steps: the model's state,
   * the optimizer state, the position (epoch, batch, the running train-loss sums), the history,
   * the schedule's and the callbacks' states. Random draws need no state: they are keyed by
   * (seed, epoch, batch).
   */
  checkpoint(): CheckpointContent {
    return saveSession(this.model, this.options.optimizer, this.state, this.callbacks, {
      epoch: this.epochIndex,
      batch: this.batchIndex,
      ...this.sums,
      baseLr: this.baseLr,
      history: this.history,
      schedule: this.plan?.state?.() ?? null,
      stopRequest: this.stopRequest ?? null,
    });
  }

  /** Continue from `checkpoint()` of a session with the same model architecture and options. */
  restore(c: CheckpointContent): void {
    const arena = this.env.arena;
    const { meta, state } = loadSession(c, this.model, this.options.optimizer, arena, this.callbacks);
    this.state = state;
    this.env.state = state;
    this.lastGood?.reset(arena, state);
    this.epochIndex = meta.epoch;
    this.batchIndex = meta.batch;
    this.sums.lossSum = meta.lossSum;
    this.sums.lossCount = meta.lossCount;
    this.sums.hits = meta.hits;
    this.baseLr = meta.baseLr;
    this.order = null;
    this.history.length = 0;
    this.history.push(...meta.history);
    this.plan?.restore?.(meta.schedule);
    this.stopRequest = meta.stopRequest ?? undefined;
    for (const p of this.model.parameters()) p.markModified();
  }

  /** The callbacks' view of the session: live getters, and the two ways to steer it. */
  private context(): FitContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return {
      model: this.model,
      arena: this.env.arena,
      optimizer: this.options.optimizer,
      get optimizerState() {
        return self.state;
      },
      get epoch() {
        return self.epochIndex;
      },
      epochs: this.o.epochs,
      batchesPerEpoch: numBatches(this.data.n, { batchSize: this.o.batchSize, dropLast: this.o.dropLast }),
      get step() {
        return self.state.step;
      },
      get lr() {
        return self.baseLr;
      },
      history: this.history,
      stop(reason: string) {
        self.stopRequest = reason || 'stopped by a callback';
      },
      setLr(value: number) {
        if (!(value >= 0) || !Number.isFinite(value)) throw new DescentError('bad-arg', `fit: setLr needs a finite lr >= 0, got ${value}`);
        self.baseLr = value;
      },
    };
  }

  /** The rows of batch `b` of this epoch (the epoch's order is drawn at its first batch). */
  private batchRowsOf(b: number): Int32Array {
    this.order ??= epochOrder(this.data.n, { shuffle: this.o.shuffle, rng: this.shuffleRng, epoch: this.epochIndex });
    const size = batchRows(this.o, this.data.n);
    return this.order.subarray(b * size, Math.min(this.data.n, (b + 1) * size));
  }

  private runStep(idx: Int32Array, epoch: number, batch: number, lr: number) {
    const outcome = this.streams.active ? this.streams.run(epoch, batch, () => trainStep(this.env, idx, epoch, batch, lr)) : trainStep(this.env, idx, epoch, batch, lr);
    for (const p of this.params) p.markModified();
    return outcome;
  }

  /** Back to the state after the last good step: the epoch's copy, then the good steps replayed. */
  private undo(epoch: number): void {
    this.lastGood!.undo((b, lr) => void this.runStep(this.batchRowsOf(b), epoch, b, lr));
    for (const p of this.params) p.markModified();
  }

  private lrOf(epoch: number): number {
    if (!this.plan) return this.baseLr;
    const t = this.plan.every === 'step' ? this.state.step : epoch;
    const lr = this.plan.lr(t, this.baseLr);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new DescentError('bad-arg', `fit: schedule(${t}) returned ${String(lr)}, expected a finite lr >= 0`);
    }
    return lr;
  }

  /** The epoch's record into the history, the next epoch set up; a non-finite figure stops. */
  private endEpoch(lr: number): EpochRecord {
    const record = epochRecord(
      this.model,
      this.options.validation,
      { loss: this.options.loss, evalBatchSize: this.o.evalBatchSize },
      { epoch: this.epochIndex, lr, steps: this.state.step, classes: this.classes },
      this.sums,
    );
    this.history.push(record);
    this.epochIndex++;
    this.batchIndex = 0;
    this.order = null;
    this.sums.lossSum = 0;
    this.sums.lossCount = 0;
    this.sums.hits = 0;
    this.stopped = nonFiniteRecord(record, lr);
    if (this.stopped) return record;
    this.plan?.endEpoch?.(record);
    this.callbacks.forEach((c) => c.onEpochEnd?.(this.ctx, record));
    return record;
  }
}
