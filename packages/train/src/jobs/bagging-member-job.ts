import { DescentError, Rng } from '@descent/optim-wasm';
import type { CheckpointContent } from '../fit/checkpoint-content.js';
import type { Dataset } from '../data/dataset.js';
import { takeRows } from '../data/loader.js';
import { baggingMember, oobScore } from '../ensemble/bagging.js';
import type { Stump } from '../ensemble/stump.js';
import type { TrainConfig } from '../recipe/config.js';
import type { Prepared } from '../recipe/data.js';
import { bagTable, ensembleLearner, inContext, prepareEnsemble, type BagRow, type EnsembleMember } from '../recipe/ensemble-run.js';
import { planeBounds, planeGrid } from '../recipe/plane-grid.js';
import { releaseTrainer } from '../recipe/release.js';
import type { EpochMetrics } from '../recipe/trainer.js';
import { jobDataset, type JobData } from './job-data.js';
import { defineJob, type JobContext, type JobDefinition, type JobSpec } from './jobs.js';
import type { Json } from './json.js';

/** The job kind that fits one bagging member of a run (`descent ensemble bag`, `experiment bagging`, the playground's ensembles view). */
export const BAGGING_MEMBER_JOB = 'ensemble/bagging-member';

/**
 * Member `member` of a bagging run of `members`: the run config (its seed is the spec's: the
 * split, the bootstrap and the member's streams all come from it), where the data is, and the
 * learner ('net': the run's network, every config field honoured; 'stump': a decision stump).
 */
export type BaggingMemberConfig = {
  train: TrainConfig & Record<string, Json>;
  data: JobData & Record<string, Json>;
  learner: 'net' | 'stump';
  members: number;
  member: number;
  /** Also predict on planeGrid(grid, planeBounds(all rows)): two-feature data's decision surface. */
  grid?: number;
};

/** What a member job returns: its outputs (probabilities [rows, classes] or values [rows]) and, for a network, what `descent ensemble` records. */
export interface BaggingMemberResult {
  member: number;
  /** Outputs on the run's test split. */
  test: Float64Array;
  /** The training rows the member did not see (ascending) and its outputs on them. */
  oob: Int32Array;
  oobOutputs: Float64Array;
  /** Outputs on the plane grid (when `grid` was asked for). */
  grid?: Float64Array;
  /** A network member: the seed drawn for its training run, its epochs and its checkpoint. */
  network?: { seed: number; history: EpochMetrics[]; checkpoint: CheckpointContent };
  /** A stump member: its split. */
  stump?: Stump;
}

/** The rows bagging draws from: the run's training split (prepareEnsemble). */
const trainRows = (data: Prepared) => ({ x: data.train.x, y: data.train.y, n: data.train.n, features: data.features });

/**
 * bagging's member b (baggingMember with rng Rng(seed).fork('ensemble'), the learner of
 * ensembleLearner) on prepareEnsemble(data, config): bit for bit member b of runBagging.
 */
function runMember(c: BaggingMemberConfig, ctx: JobContext): BaggingMemberResult {
  const config = { ...c.train, seed: ctx.seed } as TrainConfig;
  const data = prepareEnsemble(jobDataset(c.data, ctx), config);
  const rows = trainRows(data);
  const classes = data.task === 'classification' ? data.classes : undefined;
  const fitted = inContext('bagging', () => baggingMember({ data: rows, classes, members: c.members, learner: ensembleLearner(c.learner, config, data) }, new Rng(ctx.seed).fork('ensemble'), c.member));
  const m = fitted.predictor as EnsembleMember;
  try {
    const result: BaggingMemberResult = {
      member: c.member,
      test: m.predict(data.test!.x),
      oob: fitted.oob,
      oobOutputs: fitted.oob.length ? m.predict(takeRows(rows.x, rows.features, fitted.oob)) : new Float64Array(0),
    };
    if (c.grid !== undefined) result.grid = m.predict(planeGrid(c.grid, planeBounds(data.all.x)));
    if (m.trainer) result.network = { seed: m.trainer.config.seed, history: m.trainer.history, checkpoint: m.trainer.checkpoint() };
    if (m.stump) result.stump = { feature: m.stump.feature, threshold: m.stump.threshold, left: m.stump.left, right: m.stump.right, loss: m.stump.loss };
    return result;
  } finally {
    if (m.trainer) releaseTrainer(m.trainer);
  }
}

/** The job kind of one bagging member (registered on first call, not at import). */
export function baggingMemberJob(): JobDefinition<BaggingMemberConfig, BaggingMemberResult> {
  return defineJob(BAGGING_MEMBER_JOB, runMember);
}

/** A bagging run's shape: how many members, which learner, and an optional plane grid to predict on. */
export interface BaggingJobsOptions {
  /** Ensemble size B. */
  members: number;
  /** 'net': the run's network (every config field honoured); 'stump': a decision stump. */
  learner: 'net' | 'stump';
  /** Also predict every member on the plane grid of this resolution. */
  grid?: number;
}

/** The member specs of a bagging run with `config` (its seed seeds everything), member order. */
export function baggingSpecs(config: TrainConfig, jobData: JobData, o: BaggingJobsOptions): JobSpec<BaggingMemberConfig>[] {
  if (!Number.isInteger(o.members) || o.members < 1) throw new DescentError('bad-arg', `bagging: members must be an integer >= 1, got ${o.members}`);
  if (o.learner !== 'net' && o.learner !== 'stump') throw new DescentError('bad-arg', `bagging: learner must be 'net' or 'stump', got ${String(o.learner)}`);
  const job = baggingMemberJob();
  return Array.from({ length: o.members }, (_, member) =>
    job.spec(
      { train: config as BaggingMemberConfig['train'], data: jobData as BaggingMemberConfig['data'], learner: o.learner, members: o.members, member, ...(o.grid !== undefined ? { grid: o.grid } : {}) },
      config.seed,
      `member ${member + 1}`,
    ),
  );
}

/** A bagging run assembled from its member jobs. */
export interface BaggingOutcome {
  /** The prepared rows (split and standardised as every member saw them). */
  data: Prepared;
  /** Every member's result, in member order. */
  members: BaggingMemberResult[];
  /** Row m − 1: the first m members combined on the test split (runBagging's rows). */
  rows: BagRow[];
  oob: { score: number; rows: number };
}

/** The table and out-of-bag estimate of member results on `data` (= runBagging's, bit for bit). */
export function finishBagging(data: Prepared, members: BaggingMemberResult[]): BaggingOutcome {
  const classes = data.task === 'classification' ? data.classes : undefined;
  return { data, members, rows: bagTable(data, members.map((m) => m.test)), oob: oobScore(trainRows(data), classes, members.map((m) => ({ oob: m.oob, outputs: m.oobOutputs }))) };
}

/** Runs member specs somewhere (runJobs on a runner) and returns their results in spec order. */
export type RunMembers = (specs: JobSpec<BaggingMemberConfig>[]) => Promise<BaggingMemberResult[]>;

/**
 * runBagging with every member a job (`ensemble/bagging-member`) run by `run` — threads, a
 * queue, Web Workers — and the table and out-of-bag estimate assembled here: the same numbers as
 * runBagging with ensembleLearner(learner), on every runner. `jobData` is where workers find `d`.
 *
 * @example const bag = await baggingOn(config, d, namedJobData(config), { members: 10, learner: 'net' },
 *            async (specs) => (await runJobs(specs, threadsRunner({ workers: 4 }))).map((r) => r.value));
 */
export async function baggingOn(config: TrainConfig, d: Dataset, jobData: JobData, o: BaggingJobsOptions, run: RunMembers): Promise<BaggingOutcome> {
  const data = prepareEnsemble(d, config);
  const specs = baggingSpecs(config, jobData, o);
  return finishBagging(data, await run(specs));
}
