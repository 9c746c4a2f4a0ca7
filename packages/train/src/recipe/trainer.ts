import { add, type Module, type Tensor } from '@descent/autodiff';
import {
  DescentError,
  loadStateDict,
  Rng,
  stateDict,
  type Hyper,
  type Optimizer,
  type OptimizerState,
  type ParamArena,
  type ReduceLROnPlateauState,
  type RngState,
  type StateDictJson,
} from '@descent/optim-wasm';
import { decayParameters, EarlyStopping, l1Penalty, l2Penalty, weightNoise } from '@descent/regularize';
import { epochOrder } from '../data/loader.js';
import { crossEntropyWith, mseLossFn, type LossFn } from '../fit/loss.js';
import { trainStep, type StepEnv } from '../fit/step.js';
import { tensorNamed, tensorsUnder, type CheckpointContent, type NamedTensor } from './checkpoint-content.js';
import type { Prepared, Split } from './data.js';
import { configError } from './errors.js';
import { scoreSplit, type Scores } from './evaluate.js';
import type { StepRandomness } from './model.js';
import type { LrPlan } from './schedule.js';
import type { BatchTransformFn } from './transforms.js';

/** One line of metrics.jsonl: the state after an epoch (no wall-clock: same seed, same bits). */
export interface EpochMetrics {
  epoch: number;
  step: number;
  lr: number;
  trainLoss: number;
  trainAccuracy?: number;
  trainMse?: number;
  valLoss?: number;
  valAccuracy?: number;
  valMse?: number;
}

/** The trainer's fields of a run config. */
export interface TrainerOptions {
  epochs: number;
  batchSize: number | 'full';
  seed: number;
  gradClip: number;
  l1: number;
  l2: number;
  weightNoise: number;
  labelSmoothing: number;
  earlyStopping: number;
}

export interface TrainerBatchInfo {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

export interface TrainerHooks {
  onBatch?(info: TrainerBatchInfo): void;
  onEpoch?(m: EpochMetrics, t: Trainer): void;
  /** Polled between batches (run only): true stops the run by throwing `Interrupted`. */
  interrupted?(): boolean;
}

/** Thrown by `run` when `hooks.interrupted()` says so; the trainer can then be checkpointed and resumed. */
export class Interrupted extends Error {
  constructor(readonly epoch: number, readonly batch: number) {
    super(`interrupted at epoch ${epoch + 1}, batch ${batch}`);
  }
}

type Best = Record<string, { shape: number[]; data: Float32Array }>;

// Node's setImmediate lets signals in between two steps; browsers fall back to a macrotask
const yieldToEventLoop = (): Promise<void> =>
  new Promise((r) => ((globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f: () => void) => setTimeout(f, 0)))(r));

/**
 * The resumable training loop of a run (the CLI's and the playground's). Epoch e visits the rows
 * in the order epochOrder(Rng(seed).fork('train').fork('shuffle'), e); every other draw of that
 * epoch (batch transforms, weight noise, dropout masks) comes from fork('train').fork('step/e'),
 * so a run resumed from a checkpoint, even mid-epoch, continues bit-identically. Each step is
 * fit's `trainStep`: forward and backward in one memory scope, ℓ = loss + λ₁Σ|w| + λ₂Σw²,
 * a non-finite check, optional global-norm clipping, then one fused optimizer update per group.
 */
export class Trainer {
  /** Completed epochs. */
  epoch = 0;
  /** Batches done within the current (incomplete) epoch. */
  batch = 0;
  history: EpochMetrics[] = [];
  stoppedEarly = false;
  private stepRng: Rng | null = null;
  private order: Int32Array | null = null;
  private orderEpoch = -1;
  private best: Best | null = null;
  private readonly es: EarlyStopping | null;
  private readonly root: Rng;
  private readonly env: StepEnv;

  constructor(
    readonly o: TrainerOptions,
    readonly data: Prepared,
    readonly model: Module,
    readonly randomness: StepRandomness,
    readonly optimizer: Optimizer<Hyper>,
    readonly arena: ParamArena,
    public optState: OptimizerState<Hyper>,
    readonly plan: LrPlan,
    readonly transform: BatchTransformFn,
  ) {
    this.root = new Rng(o.seed).fork('train');
    this.es = o.earlyStopping > 0 ? new EarlyStopping({ patience: o.earlyStopping, mode: 'min' }) : null;
    const decay = decayParameters(model);
    const base: LossFn = data.task === 'classification' ? crossEntropyWith(o.labelSmoothing) : mseLossFn;
    const lossFn: LossFn = (out, y) => {
      let loss = base(out, y);
      if (o.l1 > 0) loss = add(loss, l1Penalty(decay, o.l1));
      if (o.l2 > 0) loss = add(loss, l2Penalty(decay, o.l2));
      return loss;
    };
    const noise = o.weightNoise > 0 ? weightNoise({ std: o.weightNoise }) : null;
    this.env = {
      model,
      data: { ...data.train, features: data.features, ...(data.shape ? { shape: data.shape } : {}) },
      arena,
      optimizer,
      state: optState,
      lossFn,
      gradClip: o.gradClip > 0 ? o.gradClip : undefined,
      labelSmoothing: o.labelSmoothing,
      // the batch transform and the weight noise draw, in this order, from the epoch's step stream
      transforms: {
        run: (b) => {
          const t = transform(b.x.data, b.y, this.stepRng!);
          return { x: { data: t.x, shape: b.x.shape }, y: t.soft ?? b.y };
        },
      },
      noise: noise ? { apply: () => noise.apply(decay, this.stepRng!) } : undefined,
    };
  }

  get done(): boolean {
    return this.epoch >= this.o.epochs || this.stoppedEarly;
  }

  /** Rows per step: the batch size, capped at the training rows ('full' = all of them). */
  get batchSize(): number {
    const n = this.data.train.n;
    return this.o.batchSize === 'full' ? n : Math.min(this.o.batchSize, n);
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.data.train.n / this.batchSize);
  }

  /** The learning rate of the current epoch. */
  get lr(): number {
    return this.plan.lrAt(this.epoch);
  }

  /** Scores on a split (eval mode). */
  score(split: Split): Scores {
    return scoreSplit(this.model, split, this.data.features);
  }

  /**
   * One optimizer step on the next batch; after the epoch's last batch also the epoch's end
   * (scores, lr plan, early stopping). Returns the batch loss; a non-finite one throws
   * DescentError 'diverged'.
   */
  step(hooks: Pick<TrainerHooks, 'onBatch' | 'onEpoch'> = {}): number {
    if (this.done) throw new DescentError('bad-state', `Trainer.step: the run has finished (epoch ${this.epoch})`);
    const e = this.epoch;
    if (this.orderEpoch !== e) {
      this.order = epochOrder(this.data.train.n, { shuffle: true, rng: this.root.fork('shuffle'), epoch: e });
      this.orderEpoch = e;
      if (this.batch === 0 || !this.stepRng) this.stepRng = this.root.fork(`step/${e}`);
    }
    this.randomness.rng = this.stepRng;
    this.env.state = this.optState;
    const lr = this.lr;
    const b = this.batch;
    const bs = this.batchSize;
    const batches = this.batchesPerEpoch;
    const idx = this.order!.subarray(b * bs, Math.min(this.data.train.n, (b + 1) * bs));
    const r = trainStep(this.env, idx, e, b, lr);
    if (r.bad) {
      const loss = r.bad === 'non-finite-loss' ? r.value : NaN;
      throw new DescentError(
        'diverged',
        `training diverged: non-finite loss (${loss}) at epoch ${e + 1}, batch ${b + 1} (lr ${lr}); lower the learning rate (--lr) or clip the gradients (--grad-clip)`,
      );
    }
    this.batch = b + 1;
    hooks.onBatch?.({ epoch: e, batch: b + 1, batches, loss: r.value });
    if (this.batch === batches) {
      this.endEpoch(lr);
      hooks.onEpoch?.(this.history[this.history.length - 1]!, this);
      if (this.done) this.finish();
    }
    return r.value;
  }

  /** Train until `epochs` (or early stopping), yielding to the event loop between steps. */
  async run(hooks: TrainerHooks = {}): Promise<void> {
    if (this.done) this.finish();
    while (!this.done) {
      const e = this.epoch;
      this.step(hooks);
      await yieldToEventLoop();
      if (hooks.interrupted?.() && !this.done) throw new Interrupted(e, this.batch === 0 ? this.batchesPerEpoch : this.batch);
    }
  }

  /** The same loop without yielding (ensemble members, experiments). */
  runSync(hooks: Pick<TrainerHooks, 'onBatch' | 'onEpoch'> = {}): void {
    if (this.done) this.finish();
    while (!this.done) this.step(hooks);
  }

  private endEpoch(lr: number): void {
    this.randomness.rng = null;
    const tr = this.score(this.data.train);
    const va = this.data.val ? this.score(this.data.val) : null;
    const m: EpochMetrics = { epoch: this.epoch + 1, step: this.optState.step, lr, trainLoss: tr.loss };
    if (tr.accuracy !== undefined) m.trainAccuracy = tr.accuracy;
    if (tr.mse !== undefined) m.trainMse = tr.mse;
    if (va) {
      m.valLoss = va.loss;
      if (va.accuracy !== undefined) m.valAccuracy = va.accuracy;
      if (va.mse !== undefined) m.valMse = va.mse;
    }
    this.history.push(m);
    this.plan.endEpoch(va?.loss ?? tr.loss);
    if (this.es) {
      this.es.update(va?.loss ?? tr.loss);
      if (this.es.bestEpoch === this.epoch) this.best = copyState(this.model);
      if (this.es.shouldStop) this.stoppedEarly = true;
    }
    this.epoch++;
    this.batch = 0;
    this.stepRng = null;
  }

  /** Early stopping restores the best weights (also when training ran to the end). */
  finish(): void {
    if (this.es && this.best) this.model.loadStateDict(this.best);
  }

  /** Epoch of the best validation loss (1-based) when early stopping is on. */
  get bestEpoch(): number | null {
    return this.es && this.es.best !== null ? this.es.bestEpoch + 1 : null;
  }

  /** Everything needed to continue bit-identically. */
  checkpoint(): CheckpointContent {
    const sd = stateDict(this.optimizer, this.optState);
    const tensors: NamedTensor[] = [];
    for (const [k, v] of Object.entries(this.model.stateDict())) tensors.push({ name: `model/${k}`, shape: v.shape, data: Float32Array.from(v.data) });
    if (this.best) for (const [k, v] of Object.entries(this.best)) tensors.push({ name: `best/${k}`, shape: v.shape, data: v.data });
    tensors.push({ name: 'optimizer', shape: [sd.blob.length], data: sd.blob });
    const meta = {
      epoch: this.epoch,
      batch: this.batch,
      stepRng: this.stepRng ? this.stepRng.state() : null,
      history: this.history,
      plateau: this.plan.state(),
      stoppedEarly: this.stoppedEarly,
      optimizer: sd.json,
    };
    return { meta, tensors };
  }

  /** Continue from a checkpoint written by `checkpoint()` of the same configuration. */
  restore(c: CheckpointContent): void {
    const meta = c.meta as {
      epoch: number;
      batch: number;
      stepRng: RngState | null;
      history: EpochMetrics[];
      plateau: ReduceLROnPlateauState | null;
      stoppedEarly: boolean;
      optimizer: StateDictJson;
    };
    try {
      this.model.loadStateDict(tensorsUnder(c.tensors, 'model'));
      this.optState = loadStateDict(this.optimizer, this.arena, { json: meta.optimizer, blob: tensorNamed(c.tensors, 'optimizer') });
    } catch (e) {
      throw configError(`checkpoint does not match the model or optimizer: ${e instanceof Error ? e.message : String(e)}`);
    }
    const best = tensorsUnder(c.tensors, 'best');
    this.best = Object.keys(best).length ? best : null;
    this.epoch = meta.epoch;
    this.batch = meta.batch;
    this.stepRng = meta.stepRng ? Rng.fromState(meta.stepRng) : null;
    this.orderEpoch = -1;
    this.history = meta.history;
    this.stoppedEarly = meta.stoppedEarly;
    this.plan.restore(meta.plateau);
    if (this.es) for (const h of this.history) this.es.update(h.valLoss ?? h.trainLoss);
    // a checkpoint taken after an epoch's last batch but before its end (older CLI versions)
    if (this.batch > 0 && this.batch >= this.batchesPerEpoch) {
      this.endEpoch(this.lr);
      if (this.done) this.finish();
    }
  }
}

function copyState(model: Module): Best {
  const out: Best = {};
  for (const [k, v] of Object.entries(model.stateDict())) out[k] = { shape: [...v.shape], data: Float32Array.from(v.data) };
  return out;
}
