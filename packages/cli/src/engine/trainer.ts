import { add, crossEntropy, mseLoss, tensor, tidy, type Module, type Tensor } from '@descent/autodiff';
import {
  clipGradNorm,
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
import { epochOrder } from '@descent/train';
import type { LrPlan } from '../config/schedule.js';
import type { Prepared, Split } from '../data/prepare.js';
import { runError, usageError } from '../errors.js';
import type { StepRandomness } from '../model/build.js';
import type { CheckpointContent, NamedTensor } from './checkpoint.js';
import { tensorNamed, tensorsUnder } from './checkpoint.js';
import { evaluate, type Scores } from './evaluate.js';
import type { TransformedBatch } from './transforms.js';

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

export interface BatchInfo {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

export interface TrainerHooks {
  onBatch?(info: BatchInfo): void;
  onEpoch?(m: EpochMetrics, t: Trainer): void;
  /** Polled between batches: true stops the run with an interrupt checkpoint. */
  interrupted?(): boolean;
}

/** Thrown after the interrupt checkpoint is written (exit 130). */
export class Interrupted extends Error {
  constructor(readonly epoch: number, readonly batch: number) {
    super(`interrupted at epoch ${epoch + 1}, batch ${batch}`);
  }
}

export type Transform = (x: Float32Array, y: Int32Array | Float32Array, rng: Rng) => TransformedBatch;

/**
 * The training loop of the CLI. Each epoch draws its row order from the seed's 'shuffle' stream
 * and every other draw (dropout, noise, Mixup) from the stream 'step/<epoch>', so a run resumed
 * from a checkpoint, even mid-epoch, continues bit-identically. Each step: forward and backward
 * inside one memory scope, a non-finite check, optional global-norm clipping, then the
 * optimizer's one fused update per param group.
 */
export class Trainer {
  /** Completed epochs. */
  epoch = 0;
  /** Batches done within the current (incomplete) epoch. */
  batch = 0;
  history: EpochMetrics[] = [];
  stoppedEarly = false;
  private stepRng: Rng | null = null;
  private best: Record<string, { shape: number[]; data: Float32Array }> | null = null;
  private readonly es: EarlyStopping | null;
  private readonly root: Rng;
  private readonly decay: Tensor[];

  constructor(
    readonly o: TrainerOptions,
    readonly data: Prepared,
    readonly model: Module,
    readonly randomness: StepRandomness,
    readonly optimizer: Optimizer<Hyper>,
    readonly arena: ParamArena,
    public optState: OptimizerState<Hyper>,
    readonly plan: LrPlan,
    readonly transform: Transform,
  ) {
    this.root = new Rng(o.seed).fork('train');
    this.es = o.earlyStopping > 0 ? new EarlyStopping({ patience: o.earlyStopping, mode: 'min' }) : null;
    this.decay = decayParameters(model);
  }

  get done(): boolean {
    return this.epoch >= this.o.epochs || this.stoppedEarly;
  }

  private lossOf(out: Tensor, y: Int32Array | Float32Array, soft: Float32Array | null): Tensor {
    let loss: Tensor;
    if (this.data.task === 'classification') {
      loss = soft
        ? crossEntropy(out, tensor(soft, { shape: out.shape }))
        : crossEntropy(out, y as Int32Array, { labelSmoothing: this.o.labelSmoothing });
    } else {
      loss = mseLoss(out, tensor(y, { shape: out.shape }));
    }
    if (this.o.l1 > 0) loss = add(loss, l1Penalty(this.decay, this.o.l1));
    if (this.o.l2 > 0) loss = add(loss, l2Penalty(this.decay, this.o.l2));
    return loss;
  }

  /** One optimizer step on rows `idx` of the training split; returns the batch loss. */
  private step(idx: Int32Array, lr: number, rng: Rng): number {
    const f = this.data.features;
    const tr = this.data.train;
    const x = new Float32Array(idx.length * f);
    const y = tr.y instanceof Int32Array ? new Int32Array(idx.length) : new Float32Array(idx.length);
    for (let r = 0; r < idx.length; r++) {
      x.set(tr.x.subarray(idx[r]! * f, (idx[r]! + 1) * f), r * f);
      y[r] = tr.y[idx[r]!]!;
    }
    const batch = this.transform(x, y, rng);
    this.model.zeroGrad();
    const noise = this.o.weightNoise > 0 ? weightNoise({ std: this.o.weightNoise }).apply(this.decay, rng) : null;
    let loss: number;
    try {
      loss = tidy(() => {
        const l = this.lossOf(this.model.forward(tensor(batch.x, { shape: [idx.length, f] })), y, batch.soft);
        const v = l.item();
        if (Number.isFinite(v)) l.backward();
        return v;
      });
    } finally {
      noise?.remove();
    }
    if (!Number.isFinite(loss)) return loss;
    if (this.o.gradClip > 0) clipGradNorm(this.arena, this.o.gradClip);
    const info = this.optimizer.step(this.arena, this.optState, { lr, skipNonFinite: true });
    if (info.skipped) return NaN;
    return loss;
  }

  /** Scores on a split (eval mode). */
  score(split: Split): Scores {
    return evaluate(this.model, split, this.data.features);
  }

  /** Train until `epochs` (or early stopping); hooks report progress and may interrupt. */
  async run(hooks: TrainerHooks = {}): Promise<void> {
    while (!this.done) {
      const { e, lr, batches } = this.beginEpoch();
      for (let b = this.batch; b < batches; b++) {
        this.trainBatch(e, b, lr, batches, hooks);
        // let signals in: Ctrl-C is handled between two steps
        await new Promise((r) => setImmediate(r));
        if (hooks.interrupted?.()) throw new Interrupted(e, b + 1);
      }
      this.endEpoch(lr);
      hooks.onEpoch?.(this.history[this.history.length - 1]!, this);
    }
    this.finish();
  }

  /** The same loop without yielding to the event loop (ensemble members, experiments). */
  runSync(hooks: Omit<TrainerHooks, 'interrupted'> = {}): void {
    while (!this.done) {
      const { e, lr, batches } = this.beginEpoch();
      for (let b = this.batch; b < batches; b++) this.trainBatch(e, b, lr, batches, hooks);
      this.endEpoch(lr);
      hooks.onEpoch?.(this.history[this.history.length - 1]!, this);
    }
    this.finish();
  }

  private order: Int32Array | null = null;
  private bs = 1;

  private beginEpoch(): { e: number; lr: number; batches: number } {
    const n = this.data.train.n;
    this.bs = this.o.batchSize === 'full' ? n : Math.min(this.o.batchSize, n);
    const e = this.epoch;
    this.order = epochOrder(n, { shuffle: true, rng: this.root.fork('shuffle'), epoch: e });
    if (this.batch === 0 || !this.stepRng) this.stepRng = this.root.fork(`step/${e}`);
    this.randomness.rng = this.stepRng;
    return { e, lr: this.plan.lrAt(e), batches: Math.ceil(n / this.bs) };
  }

  private trainBatch(e: number, b: number, lr: number, batches: number, hooks: { onBatch?(info: BatchInfo): void }): void {
    const n = this.data.train.n;
    const loss = this.step(this.order!.subarray(b * this.bs, Math.min(n, (b + 1) * this.bs)), lr, this.stepRng!);
    if (!Number.isFinite(loss)) {
      throw runError(`training diverged: non-finite loss (${loss}) at epoch ${e + 1}, batch ${b + 1} (lr ${lr}); try a smaller --lr or --grad-clip`);
    }
    this.batch = b + 1;
    hooks.onBatch?.({ epoch: e, batch: b + 1, batches, loss });
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
      throw usageError(`checkpoint does not match the model or optimizer: ${e instanceof Error ? e.message : String(e)}`);
    }
    const best = tensorsUnder(c.tensors, 'best');
    this.best = Object.keys(best).length ? best : null;
    this.epoch = meta.epoch;
    this.batch = meta.batch;
    this.stepRng = meta.stepRng ? Rng.fromState(meta.stepRng) : null;
    this.history = meta.history;
    this.stoppedEarly = meta.stoppedEarly;
    this.plan.restore(meta.plateau);
    if (this.es) for (const h of this.history) this.es.update(h.valLoss ?? h.trainLoss);
  }
}

function copyState(model: Module): Record<string, { shape: number[]; data: Float32Array }> {
  const out: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const [k, v] of Object.entries(model.stateDict())) out[k] = { shape: [...v.shape], data: Float32Array.from(v.data) };
  return out;
}
