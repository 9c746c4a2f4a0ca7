// A classifier run, step by step: a thin adapter over @descent/train's Trainer, the engine of
// `descent train`, on classifierTrainConfig (view-configs.ts) — the config the copied command is
// written from — so the same config and seed give the same loss bits here, in the worker, and in
// `descent train` with the copied flags.
import { freeState } from '@descent/optim-wasm';
import { createTrainer, prepare, type Dataset, type Prepared, type Trainer } from '@descent/train';
import type { ClassifierConfig } from '../config.js';
import type { ClassifierEpoch, CsvFile } from '../protocol.js';
import { classifierTrainConfig } from '../view-configs.js';
import { makeDataset } from './data.js';

export interface Scores {
  loss: number;
  acc: number;
}

export class ClassifierSession {
  readonly data: Prepared;
  readonly trainer: Trainer;
  steps = 0;
  /** True after the last epoch, early stopping, or divergence. */
  done = false;

  constructor(
    readonly c: ClassifierConfig,
    csv: CsvFile | null = null,
    dataset?: Dataset,
  ) {
    const d = dataset ?? makeDataset(c.dataset, c.samples, c.noise, c.seed, csv);
    this.data = prepare(d, c.valSplit, c.testSplit, c.seed);
    this.trainer = createTrainer(classifierTrainConfig(c, csv?.name ?? null), this.data);
  }

  get model() {
    return this.trainer.model;
  }
  get arena() {
    return this.trainer.arena;
  }
  get batchSize(): number {
    return this.trainer.batchSize;
  }
  /** Completed epochs. */
  get epoch(): number {
    return this.trainer.epoch;
  }
  get stoppedEarly(): boolean {
    return this.trainer.stoppedEarly;
  }
  get bestEpoch(): number | null {
    return this.trainer.bestEpoch;
  }
  get history(): ClassifierEpoch[] {
    return this.trainer.history.map((m) => ({ epoch: m.epoch, trainLoss: m.trainLoss, trainAcc: m.trainAccuracy!, valLoss: m.valLoss ?? null, valAcc: m.valAccuracy ?? null }));
  }

  /** One optimizer step (and the epoch's end when it was the last batch); returns the batch loss. */
  step(): number {
    try {
      const loss = this.trainer.step();
      this.steps++;
      return loss;
    } catch (e) {
      this.done = true;
      throw e;
    } finally {
      if (this.trainer.done) this.done = true;
    }
  }

  /** Loss and accuracy of the current weights on a split (eval mode). */
  score(which: 'train' | 'val' | 'test'): Scores | null {
    const s = this.data[which];
    if (!s) return null;
    const r = this.trainer.score(s);
    return { loss: r.loss, acc: r.accuracy! };
  }

  free(): void {
    this.trainer.finish(); // frees the session's own copies (last good state, resident rows); idempotent
    freeState(this.trainer.optState);
    this.trainer.arena.free();
  }
}

/** Train a whole run; the per-step batch losses and per-epoch records (Node tests, reproducibility). */
export function runClassifier(c: ClassifierConfig, csv: CsvFile | null = null): { steps: number[]; epochs: ClassifierEpoch[] } {
  const s = new ClassifierSession(c, csv);
  const steps: number[] = [];
  try {
    while (!s.done) steps.push(s.step());
  } finally {
    s.free();
  }
  return { steps, epochs: s.history };
}
