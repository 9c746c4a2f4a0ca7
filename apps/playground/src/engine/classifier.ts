// A classifier run, step by step, with the CLI trainer's order of random draws: the row order of
// epoch e from fork('train').fork('shuffle') at epoch e, every other draw of that epoch (dropout,
// noise, Mixup) from fork('train').fork('step/e'). The same config and seed therefore give the same
// loss bits here, in the worker, and in `descent train` with the copied flags.
import { add, crossEntropy, packParameters, tensor, tidy, type Module, type Tensor } from '@descent/autodiff';
import { createOptimizer, DescentError, freeState, Rng, type F32Buffer, type Hyper, type Optimizer, type OptimizerState, type ParamArena } from '@descent/optim-wasm';
import { decayParameters, EarlyStopping, gaussianNoise, l1Penalty, l2Penalty, mixup, weightNoise, type ArrayBatch } from '@descent/regularize';
import { epochOrder, type Dataset } from '@descent/train';
import type { ClassifierConfig } from '../config.js';
import type { ClassifierEpoch } from '../protocol.js';
import { makeDataset, prepare, type Prepared } from './data.js';
import { buildMlp, score, type Scores, type StepRandomness } from './model.js';

/** The optimizer options a config sets (the rest are PyTorch's defaults, as in the CLI). */
export function optimizerOptions(c: ClassifierConfig): Record<string, unknown> {
  const o: Record<string, unknown> = { lr: c.lr };
  if ((c.optimizer === 'sgd' || c.optimizer === 'rmsprop') && c.momentum > 0) o['momentum'] = c.momentum;
  return o;
}

export class ClassifierSession {
  readonly data: Prepared;
  readonly model: Module;
  readonly arena: ParamArena;
  readonly optimizer: Optimizer<Hyper>;
  private readonly state: OptimizerState<Hyper>;
  private readonly randomness: StepRandomness = { rng: null };
  private readonly root: Rng;
  private readonly decay: Tensor[];
  private readonly es: EarlyStopping | null;
  private best: Record<string, { shape: number[]; data: Float32Array }> | null = null;
  private order: Int32Array | null = null;
  private stepRng: Rng | null = null;
  /** Completed epochs; batches done in the current epoch. */
  epoch = 0;
  batch = 0;
  steps = 0;
  history: ClassifierEpoch[] = [];
  stoppedEarly = false;
  finished = false;

  constructor(
    readonly c: ClassifierConfig,
    csv: string | null = null,
    dataset?: Dataset,
  ) {
    const d = dataset ?? makeDataset(c.dataset, c.samples, c.noise, c.seed, csv);
    this.data = prepare(d, c.valSplit, c.testSplit, c.seed);
    this.model = buildMlp(c, this.data.features, this.data.classes, new Rng(c.seed).fork('init'), this.randomness);
    this.arena = packParameters(this.model.parameters() as Tensor<F32Buffer>[]);
    this.optimizer = createOptimizer(c.optimizer, optimizerOptions(c));
    this.state = this.optimizer.init(this.arena);
    this.root = new Rng(c.seed).fork('train');
    this.decay = decayParameters(this.model);
    this.es = c.earlyStopping > 0 && this.data.val ? new EarlyStopping({ patience: c.earlyStopping, mode: 'min' }) : null;
  }

  get batchSize(): number {
    const n = this.data.train.n;
    return this.c.batchSize <= 0 ? n : Math.min(this.c.batchSize, n);
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.data.train.n / this.batchSize);
  }

  get done(): boolean {
    return this.finished;
  }

  get bestEpoch(): number | null {
    return this.es && this.es.best !== null ? this.es.bestEpoch + 1 : null;
  }

  /** One optimizer step (and the epoch's end when it was the last batch); returns the batch loss. */
  step(): number {
    if (this.finished) throw new DescentError('state', 'ClassifierSession.step: the run has finished');
    if (this.batch === 0) {
      this.order = epochOrder(this.data.train.n, { shuffle: true, rng: this.root.fork('shuffle'), epoch: this.epoch });
      this.stepRng = this.root.fork(`step/${this.epoch}`);
    }
    this.randomness.rng = this.stepRng;
    const bs = this.batchSize;
    const n = this.data.train.n;
    const idx = this.order!.subarray(this.batch * bs, Math.min(n, (this.batch + 1) * bs));
    const loss = this.trainOn(idx, this.stepRng!);
    if (!Number.isFinite(loss)) {
      this.finished = true;
      throw new DescentError(
        'diverged',
        `training diverged: non-finite loss (${loss}) at epoch ${this.epoch + 1}, batch ${this.batch + 1} (lr ${this.c.lr}); lower the learning rate`,
      );
    }
    this.steps++;
    this.batch++;
    if (this.batch === this.batchesPerEpoch) this.endEpoch();
    return loss;
  }

  private trainOn(idx: Int32Array, rng: Rng): number {
    const f = this.data.features;
    const tr = this.data.train;
    const x = new Float32Array(idx.length * f);
    const y = new Int32Array(idx.length);
    for (let r = 0; r < idx.length; r++) {
      x.set(tr.x.subarray(idx[r]! * f, (idx[r]! + 1) * f), r * f);
      y[r] = tr.y[idx[r]!]!;
    }
    const { bx, soft } = this.transform(x, y, rng);
    this.model.zeroGrad();
    const noise = this.c.weightNoise > 0 ? weightNoise({ std: this.c.weightNoise }).apply(this.decay, rng) : null;
    let loss: number;
    try {
      loss = tidy(() => {
        const out = this.model.forward(tensor(bx, { shape: [idx.length, f] }));
        let l = soft
          ? crossEntropy(out, tensor(soft, { shape: out.shape }))
          : crossEntropy(out, y, { labelSmoothing: this.c.labelSmoothing });
        if (this.c.l1 > 0) l = add(l, l1Penalty(this.decay, this.c.l1));
        if (this.c.l2 > 0) l = add(l, l2Penalty(this.decay, this.c.l2));
        const v = l.item();
        if (Number.isFinite(v)) l.backward();
        return v;
      });
    } finally {
      noise?.remove();
    }
    if (!Number.isFinite(loss)) return loss;
    const info = this.optimizer.step(this.arena, this.state, { lr: this.c.lr, skipNonFinite: true });
    return info.skipped ? NaN : loss;
  }

  /** Input noise then Mixup (λ ~ Beta(α, α), partner = a random permutation), as the CLI's batch transform. */
  private transform(x: Float32Array, y: Int32Array, rng: Rng): { bx: Float32Array; soft: Float32Array | null } {
    const b = y.length;
    let batch: ArrayBatch = { data: x, shape: [b, x.length / b] };
    if (this.c.inputNoise > 0) batch = gaussianNoise({ std: this.c.inputNoise })(batch, rng);
    let soft: Float32Array | null = null;
    if (this.c.mixup > 0) {
      const lam = rng.beta(this.c.mixup, this.c.mixup);
      const perm = rng.permutation(b);
      const r = mixup(batch, y, { lam, perm, numClasses: this.data.classes, smoothing: this.c.labelSmoothing });
      batch = r.x;
      soft = Float32Array.from(r.y.data);
    }
    return { bx: batch.data instanceof Float32Array ? batch.data : Float32Array.from(batch.data), soft };
  }

  private endEpoch(): void {
    this.randomness.rng = null;
    const tr = this.score('train')!;
    const va = this.score('val');
    this.history.push({ epoch: this.epoch + 1, trainLoss: tr.loss, trainAcc: tr.acc, valLoss: va?.loss ?? null, valAcc: va?.acc ?? null });
    if (this.es) {
      this.es.update(va?.loss ?? tr.loss);
      if (this.es.bestEpoch === this.epoch) this.best = this.copyState();
      if (this.es.shouldStop) this.stoppedEarly = true;
    }
    this.epoch++;
    this.batch = 0;
    this.stepRng = null;
    if (this.epoch >= this.c.epochs || this.stoppedEarly) {
      this.finished = true;
      // early stopping restores the best weights (also when the run reached its last epoch)
      if (this.es && this.best) this.model.loadStateDict(this.best);
    }
  }

  /** Loss and accuracy of the current weights on a split (eval mode). */
  score(which: 'train' | 'val' | 'test'): Scores | null {
    const s = this.data[which];
    return s ? score(this.model, s, this.data.features) : null;
  }

  private copyState(): Record<string, { shape: number[]; data: Float32Array }> {
    const out: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [k, v] of Object.entries(this.model.stateDict())) out[k] = { shape: [...v.shape], data: Float32Array.from(v.data) };
    return out;
  }

  free(): void {
    freeState(this.state);
    this.arena.free();
  }
}

/** Train a whole run; the per-step batch losses and per-epoch records (Node tests, reproducibility). */
export function runClassifier(c: ClassifierConfig, csv: string | null = null): { steps: number[]; epochs: ClassifierEpoch[] } {
  const s = new ClassifierSession(c, csv);
  const steps: number[] = [];
  try {
    while (!s.done) steps.push(s.step());
  } finally {
    s.free();
  }
  return { steps, epochs: s.history };
}
