import { DescentError } from '@descent/optim-wasm';
import type { TrainConfig } from '../recipe/config.js';
import { prepare, prepareRows } from '../recipe/data.js';
import type { CheckpointContent } from '../fit/checkpoint-content.js';
import type { Scores } from '../index.js';
import { releaseTrainer } from '../recipe/release.js';
import { createTrainer } from '../recipe/session.js';
import type { EpochMetrics } from '../recipe/trainer.js';
import { jobDataset, type JobData } from './job-data.js';
import { defineJob, type JobContext, type JobDefinition } from './jobs.js';
import type { Json } from './json.js';

/** The job kind that trains one config with one seed and returns its final metrics (`descent sweep`). */
export const TRAIN_RUN_JOB = 'train/run';

/**
 * One training run as a job: the run config (its seed is the spec's) and where its data comes
 * from; `rows` gives the split as row indices (prepareRows) instead of the config's fractions
 * (prepare), and `checkpoint` asks for the trained run's checkpoint as well.
 */
export type TrainRunConfig = {
  train: TrainConfig & Record<string, Json>;
  data: JobData & Record<string, Json>;
  rows?: { train: number[]; val: number[]; test: number[] };
  checkpoint?: boolean;
};

/** What a `train/run` job returns: how the run ended, its epoch history and its final scores. */
export interface TrainRunResult {
  status: 'completed' | 'diverged';
  /** The divergence message (status 'diverged'). */
  error?: string;
  epochs: number;
  bestEpoch: number | null;
  stoppedEarly: boolean;
  history: EpochMetrics[];
  /** Scores of the final weights (the restored best under early stopping) on each split. */
  final: { train: Scores | null; val: Scores | null; test: Scores | null };
  /** The trained run's checkpoint (Trainer.checkpoint), when the config asked for it and the run completed. */
  checkpoint?: CheckpointContent;
}

/**
 * `descent train` with `config` and seed `ctx.seed`, without files: split and scale the data,
 * train, score the final weights on train / validation / test. Bit-identical to `descent train`
 * with the same flags. A run whose loss turns non-finite is a result (status 'diverged'), so a
 * search over learning rates reports it instead of failing.
 */
function runOne(c: TrainRunConfig, ctx: JobContext): TrainRunResult {
  const config = { ...c.train, seed: ctx.seed } as TrainConfig;
  const d = jobDataset(c.data, ctx);
  const data = c.rows ? prepareRows(d, Int32Array.from(c.rows.train), Int32Array.from(c.rows.val), Int32Array.from(c.rows.test)) : prepare(d, config.valSplit, config.testSplit, config.seed);
  const t = createTrainer(config, data);
  try {
    let error: string | undefined;
    try {
      t.runSync();
    } catch (e) {
      if (!(e instanceof DescentError && e.code === 'diverged')) throw e;
      error = e.message;
    }
    const base = { epochs: t.history.length, bestEpoch: t.bestEpoch, stoppedEarly: t.stoppedEarly, history: t.history };
    if (error !== undefined) return { status: 'diverged', error, ...base, final: { train: null, val: null, test: null } };
    const checkpoint = c.checkpoint ? t.checkpoint() : undefined;
    const final = { train: t.score(data.train), val: data.val ? t.score(data.val) : null, test: data.test ? t.score(data.test) : null };
    return { status: 'completed', ...base, final, ...(checkpoint ? { checkpoint } : {}) };
  } finally {
    releaseTrainer(t);
  }
}

/** The job kind of one training run (registered on first call, not at import). */
export function trainRunJob(): JobDefinition<TrainRunConfig, TrainRunResult> {
  return defineJob(TRAIN_RUN_JOB, runOne);
}
