import { DescentError, loadStateDict, Rng, stateDict, type OptimizerState, type StateDictJson } from '@descent/optim-wasm';
import { restoreSnapshot, takeSnapshot, type Snapshot, type Snapshottable } from '@descent/regularize';
import { epochOrder, numBatches } from '../data/loader.js';
import { modelArena } from './arena.js';
import { progress } from './callbacks.js';
import { tensorNamed, tensorsUnder, type CheckpointContent, type NamedTensor } from './checkpoint-content.js';
import { evaluate } from './evaluate.js';
import { ParamGuard } from './guard.js';
import { resolveLoss } from './loss.js';
import { checkFitData, type FitData, type Model } from './model.js';
import { asPlan, type LrPlan } from './schedule.js';
import { batchBuffers, trainStep, WeightNoiser, type StepEnv } from './step.js';
import { TransformPipeline } from './transforms.js';
import type { Callback, CallbackLike, EpochRecord, FitContext, FitOptions, FitResult, StopReason } from './types.js';

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

/** The JSON part of a session checkpoint. */
interface SessionMeta {
  epoch: number;
  batch: number;
  lossSum: number;
  lossCount: number;
  hits: number;
  baseLr: number;
  history: EpochRecord[];
  schedule: unknown;
  callbacks: unknown[];
  stopRequest: string | null;
  optimizer: StateDictJson;
}

type Stop = { reason: StopReason; message?: string; error?: DescentError };

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
  private readonly o: ReturnType<typeof checkOptions>;
  private readonly options: FitOptions;
  private readonly data: FitData;
  private readonly env: StepEnv;
  private readonly callbacks: Callback[];
  private readonly plan: LrPlan | undefined;
  private readonly shuffleRng: Rng | undefined;
  private readonly stochastic: { rng: Rng }[];
  private readonly dropoutRoot: Rng | undefined;
  private readonly classes: boolean;
  private state: OptimizerState<any>;
  private baseLr: number;
  private epochIndex: number;
  private batchIndex = 0;
  private order: Int32Array | null = null;
  private lossSum = 0;
  private lossCount = 0;
  private hits = 0;
  private stopRequest: string | undefined;
  private guard: ParamGuard | undefined;
  /** The model's buffers (batch-norm statistics) when the guard's copy was taken. */
  private goodBuffers: Snapshot | null = null;
  /** Batch index at which the guard's copy was taken (-1: take one before the next step), and the lrs of the steps since. */
  private goodFrom = -1;
  private readonly goodLrs: number[] = [];
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
    this.stochastic = stochasticModules(model);
    this.dropoutRoot = this.stochastic.length ? new Rng(seedFor('dropout layers', o.seed)).fork('fit/dropout') : undefined;
    this.baseLr = Number(opt.defaults['lr']);
    this.epochIndex = o.initialEpoch;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.ctx = {
      model,
      arena,
      optimizer: opt,
      get optimizerState() {
        return self.state;
      },
      get epoch() {
        return self.epochIndex;
      },
      epochs: o.epochs,
      batchesPerEpoch: numBatches(data.n, { batchSize: o.batchSize, dropLast: o.dropLast }),
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
    model.train?.();
    this.params = model.parameters();
    this.env.rows = batchBuffers(data, o.batchSize === 'full' ? data.n : Math.min(o.batchSize, data.n));
    if (options.guardParameters ?? true) {
      this.guard = new ParamGuard(arena, this.state);
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
    const o = this.o;
    const e = this.epochIndex;
    const b = this.batchIndex;
    if (b === 0) this.callbacks.forEach((c) => c.onEpochBegin?.(this.ctx));
    if (this.order === null) this.order = epochOrder(this.data.n, { shuffle: o.shuffle, rng: this.shuffleRng, epoch: e });
    const size = o.batchSize === 'full' ? this.data.n : Math.min(o.batchSize, this.data.n);
    const idx = this.order.subarray(b * size, Math.min(this.data.n, (b + 1) * size));
    const lr = this.lrOf(e);
    this.env.state = this.state;
    if (this.guard && (b === 0 || this.goodFrom < 0)) this.keepGood(b);
    const outcome = this.runStep(idx, e, b, lr);
    if (outcome.bad) {
      const restored = outcome.updated === true && this.guard !== undefined;
      if (restored) this.undo(e);
      this.stopped = nonFinite(outcome.bad, outcome.value, e, b, this.state.step, lr, restored || !outcome.updated);
      return { epoch: e, batch: b, loss: outcome.value, lr };
    }
    this.goodLrs.push(lr);
    this.lossSum += outcome.value * idx.length;
    this.lossCount += idx.length;
    this.hits += outcome.hits;
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
    this.guard?.free();
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
    const sd = stateDict(this.options.optimizer, this.state);
    const tensors: NamedTensor[] = [];
    for (const [k, v] of Object.entries(modelState(this.model))) tensors.push({ name: `model/${k}`, shape: [...v.shape], data: Float32Array.from(v.data) });
    tensors.push({ name: 'optimizer', shape: [sd.blob.length], data: sd.blob });
    const callbacks = this.callbacks.map((c, i) => {
      const s = c.saveState?.();
      if (!s) return null;
      for (const t of s.tensors ?? []) tensors.push({ ...t, name: `callback/${i}/${t.name}` });
      return s.meta;
    });
    const meta: SessionMeta = {
      epoch: this.epochIndex,
      batch: this.batchIndex,
      lossSum: this.lossSum,
      lossCount: this.lossCount,
      hits: this.hits,
      baseLr: this.baseLr,
      history: this.history,
      schedule: this.plan?.state?.() ?? null,
      callbacks,
      stopRequest: this.stopRequest ?? null,
      optimizer: sd.json,
    };
    return { meta: meta as unknown as Record<string, unknown>, tensors };
  }

  /** Continue from `checkpoint()` of a session with the same model architecture and options. */
  restore(c: CheckpointContent): void {
    const meta = c.meta as unknown as SessionMeta;
    loadModelState(this.model, tensorsUnder(c.tensors, 'model'));
    const arena = this.env.arena;
    const state = loadStateDict(this.options.optimizer, arena, { json: meta.optimizer, blob: tensorNamed(c.tensors, 'optimizer') });
    this.state = state;
    this.env.state = state;
    if (this.guard) {
      this.guard.free();
      this.guard = new ParamGuard(arena, state);
    }
    this.goodFrom = -1;
    this.epochIndex = meta.epoch;
    this.batchIndex = meta.batch;
    this.lossSum = meta.lossSum;
    this.lossCount = meta.lossCount;
    this.hits = meta.hits;
    this.baseLr = meta.baseLr;
    this.order = null;
    this.history.length = 0;
    this.history.push(...meta.history);
    this.plan?.restore?.(meta.schedule);
    this.stopRequest = meta.stopRequest ?? undefined;
    this.callbacks.forEach((cb, i) => {
      const m = meta.callbacks[i];
      if (m !== null && m !== undefined) cb.loadState?.({ meta: m, tensors: namedUnder(c.tensors, `callback/${i}`) });
    });
    for (const p of this.model.parameters()) p.markModified();
  }

  private runStep(idx: Int32Array, epoch: number, batch: number, lr: number) {
    const outcome = this.dropoutRoot ? this.withStepStreams(epoch, batch, () => trainStep(this.env, idx, epoch, batch, lr)) : trainStep(this.env, idx, epoch, batch, lr);
    for (const p of this.params) p.markModified();
    return outcome;
  }

  /**
   * The last good state without a copy per step: the guard copies parameters, optimizer slots
   * and buffers at the start of each epoch (or at a restore); a bad step puts that copy back and
   * replays the good steps since, which are deterministic, so the state is bit for bit the one
   * after the last good step.
   */
  private keepGood(batch: number): void {
    this.guard!.save();
    const m = this.model as Model & Partial<Snapshottable>;
    this.goodBuffers = typeof m.namedBuffers === 'function' ? takeSnapshot({ namedParameters: () => [], namedBuffers: () => m.namedBuffers!() }) : null;
    this.goodFrom = batch;
    this.goodLrs.length = 0;
  }

  private undo(epoch: number): void {
    this.guard!.restore();
    const m = this.model as Model & Partial<Snapshottable>;
    if (this.goodBuffers) restoreSnapshot({ namedParameters: () => [], namedBuffers: () => m.namedBuffers!() }, this.goodBuffers);
    const size = this.o.batchSize === 'full' ? this.data.n : Math.min(this.o.batchSize, this.data.n);
    this.goodLrs.forEach((lr, i) => {
      const b = this.goodFrom + i;
      this.runStep(this.order!.subarray(b * size, Math.min(this.data.n, (b + 1) * size)), epoch, b, lr);
    });
    for (const p of this.params) p.markModified();
  }

  /** Point every stochastic module at fit's stream of (epoch, batch) for one step; their own generators stay untouched. */
  private withStepStreams<T>(epoch: number, batch: number, fn: () => T): T {
    const own = this.stochastic.map((m) => m.rng);
    const stream = this.dropoutRoot!.fork(`${epoch}/${batch}`);
    this.stochastic.forEach((m, i) => (m.rng = stream.fork(i)));
    try {
      return fn();
    } finally {
      this.stochastic.forEach((m, i) => (m.rng = own[i]!));
    }
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

  /** The epoch's record: running train figures, the validation evaluation; non-finite figures stop. */
  private endEpoch(lr: number): EpochRecord {
    const record: EpochRecord = { epoch: this.epochIndex, trainLoss: this.lossSum / this.lossCount, lr, steps: this.state.step };
    if (this.classes) record.trainAccuracy = this.hits / this.lossCount;
    const val = this.options.validation;
    if (val) {
      const e = evaluate(this.model, val, { loss: this.options.loss, batchSize: this.o.evalBatchSize, confusion: false });
      record.valLoss = e.loss;
      if (e.accuracy !== undefined) record.valAccuracy = e.accuracy;
      if (e.mse !== undefined) record.valMse = e.mse;
    }
    this.history.push(record);
    this.epochIndex++;
    this.batchIndex = 0;
    this.order = null;
    this.lossSum = 0;
    this.lossCount = 0;
    this.hits = 0;
    const bad = (['trainLoss', 'valLoss', 'valMse'] as const).find((k) => record[k] !== undefined && !Number.isFinite(record[k]));
    if (bad) {
      const message = `fit: non-finite ${bad}: epoch ${record.epoch} ended with ${bad} ${record[bad]} (after ${record.steps} steps, lr ${lr}); the parameters are finite but no longer a good state; lower the learning rate (\`lr\`), clip gradients (\`gradClip\`) or check the data`;
      this.stopped = { reason: 'non-finite-evaluation', message, error: new DescentError('non-finite', message) };
      return record;
    }
    this.plan?.endEpoch?.(record);
    this.callbacks.forEach((c) => c.onEpochEnd?.(this.ctx, record));
    return record;
  }
}

/** Modules that draw random numbers from an `rng` of their own (dropout layers). */
function stochasticModules(model: Model): { rng: Rng }[] {
  const modules = (model as Model & { modules?: () => object[] }).modules?.() ?? [];
  return modules.filter((m): m is { rng: Rng } => (m as { rng?: unknown }).rng instanceof Rng);
}

function modelState(model: Model): Record<string, { shape: readonly number[]; data: ArrayLike<number> }> {
  if (model.stateDict) return model.stateDict();
  const out: Record<string, { shape: readonly number[]; data: ArrayLike<number> }> = {};
  model.parameters().forEach((p, i) => (out[`param${i}`] = { shape: p.shape, data: p.data() }));
  return out;
}

function loadModelState(model: Model, state: Record<string, { shape: number[]; data: Float32Array }>): void {
  if (model.loadStateDict) {
    model.loadStateDict(state);
    return;
  }
  model.parameters().forEach((p, i) => {
    const s = state[`param${i}`];
    if (!s) throw new DescentError('bad-checkpoint', `fit: the checkpoint has no param${i}`);
    p.assign(s.data);
  });
}

function namedUnder(tensors: NamedTensor[], prefix: string): NamedTensor[] {
  return tensors.filter((t) => t.name.startsWith(`${prefix}/`)).map((t) => ({ ...t, name: t.name.slice(prefix.length + 1) }));
}

function nonFinite(reason: StopReason, value: number, epoch: number, batch: number, steps: number, lr: number, restored: boolean): Stop {
  const what =
    reason === 'non-finite-loss'
      ? `non-finite loss: the loss is ${value}`
      : reason === 'non-finite-gradient'
        ? `non-finite gradient: the loss is ${value} but a gradient is inf/NaN`
        : `non-finite parameters: the optimizer step produced inf/NaN parameters (the update overflowed)${restored ? ' and was undone' : ''}`;
  const kept =
    reason === 'non-finite-parameters' && !restored
      ? 'the parameters are NOT a good state (guardParameters is off)'
      : `parameters and optimizer state are kept from step ${steps}`;
  const message = `fit: training stopped in epoch ${epoch + 1}, batch ${batch + 1} (counted from 1; after ${steps} steps, lr ${lr}): ${what}; ${kept}; lower the learning rate (\`lr\`), clip gradients (\`gradClip\`) or check the data`;
  return { reason, message, error: new DescentError('non-finite', message) };
}

/** The seed of a random feature: fit's seed, required even without shuffling. */
function seedFor(what: string, seed: number | undefined): number {
  if (seed === undefined || !Number.isInteger(seed) || seed < 0) {
    throw new DescentError('bad-arg', `fit: ${what} draw random numbers, so seed must be a non-negative integer (got ${String(seed)})`);
  }
  return seed;
}

/** Classes for the mix transforms: the dataset's `classes`, else 1 + the largest label seen. */
function classCount(data: FitData, validation?: FitData): number {
  const declared = (data as FitData & { classes?: number }).classes;
  if (declared !== undefined) return declared;
  let max = 0;
  for (const d of [data, validation]) if (d && d.y instanceof Int32Array) for (const v of d.y) max = Math.max(max, v);
  return max + 1;
}

/** Mixup/CutMix pair each row with the reversed batch: every batch must have an even size. */
function checkEvenBatches(n: number, batchSize: number | 'full', dropLast: boolean): void {
  const b = batchSize === 'full' ? n : Math.min(batchSize, n);
  const tail = dropLast ? 0 : n % b;
  if (b % 2 !== 0 || tail % 2 !== 0) {
    throw new DescentError(
      'bad-arg',
      `fit: a Mixup/CutMix transform needs even batches (reversed-batch pairing); batchSize ${String(batchSize)} with n = ${n}${dropLast ? ', dropLast' : ''} gives batches of ${b}${tail ? ` and a last one of ${tail} (set dropLast: true)` : ''}`,
    );
  }
}

function asCallback(c: CallbackLike, i: number): Callback {
  if (typeof c === 'function') return { onEpochEnd: c };
  if (c === null || typeof c !== 'object') throw new DescentError('bad-arg', `fit: callbacks[${i}] must be a function or an object with on* hooks`);
  return c;
}

function checkOptions(options: FitOptions) {
  const op = 'fit';
  if (!options || typeof options.optimizer?.step !== 'function' || typeof options.optimizer.init !== 'function') {
    throw new DescentError('bad-arg', `${op}: options.optimizer must be an optimizer (e.g. adam({ lr: 1e-3 }))`);
  }
  const epochs = options.epochs;
  if (!Number.isInteger(epochs) || epochs < 0) throw new DescentError('bad-arg', `${op}: epochs must be an integer >= 0, got ${String(epochs)}`);
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new DescentError('bad-arg', `${op}: initialEpoch must be an integer >= 0, got ${String(initialEpoch)}`);
  const b = options.batchSize;
  if (b !== 'full' && (!Number.isInteger(b) || b < 1)) throw new DescentError('bad-arg', `${op}: batchSize must be an integer >= 1 or 'full', got ${String(b)}`);
  const shuffle = options.shuffle ?? true;
  const seed = options.seed;
  if (shuffle && (seed === undefined || !Number.isInteger(seed) || seed < 0)) {
    throw new DescentError('bad-arg', `${op}: seed must be a non-negative integer when shuffling (got ${String(seed)}); descent has no ambient randomness`);
  }
  return { epochs, initialEpoch, batchSize: b, dropLast: options.dropLast ?? false, shuffle, seed, gradClip: options.gradClip, evalBatchSize: options.evalBatchSize };
}
