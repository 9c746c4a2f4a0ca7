import { resolveTrainConfig } from '../config/train-config.js';
import type { CheckpointContent, EpochMetrics, TrainConfig } from '@descent/train';
import type { FanoutFlags } from '../fanout/runner.js';
import type { Progress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { prepare, type Prepared, createTrainer, type Trainer } from '@descent/train';
import { loadDataset } from '../data/load.js';
import { usageError } from '../errors.js';

/**
 * What every experiment gets: the seed, the --quick switch, a progress sink, and where to put
 * its run artifacts (metrics.jsonl rows and checkpoints, tagged with the experiment's name).
 */
export interface ExperimentContext {
  seed: number;
  quick: boolean;
  /** The user's data and model flags (--dataset, --data, --label, --missing …, --model), put over the lecture's setup; {} = the lecture's. */
  data: Record<string, unknown>;
  progress: Progress;
  /** Where the experiment's independent trainings run (--workers / --queue; none given: the default threads runner). */
  fanout: FanoutFlags;
  /** Add metrics.jsonl rows: `{experiment, ...row}` (one per epoch of each model, per step of a race …). */
  metrics(rows: readonly Record<string, unknown>[]): void;
  /** Keep a model the experiment ends with: checkpoint/<experiment>-<name>, meta tagged with the experiment. */
  keep(name: string, content: CheckpointContent): void;
}

export interface Experiment {
  name: string;
  summary: string;
  /** Runs on the user's data and model (ctx.data) as well as on the lecture's setup. */
  takesData?: boolean;
  run(ctx: ExperimentContext): Promise<ExperimentResult> | ExperimentResult;
}

/** What an experiment run leaves beside its result (finishResults' RunArtifacts, filled). */
export interface CollectedArtifacts {
  metrics: Record<string, unknown>[];
  checkpoints: { name: string; content: CheckpointContent }[];
}

/** The metrics / keep half of a context for experiment `name`, writing into `into`. */
export function artifactSink(name: string, into: CollectedArtifacts): Pick<ExperimentContext, 'metrics' | 'keep'> {
  return {
    metrics(rows) {
      for (const r of rows) into.metrics.push({ experiment: name, ...r });
    },
    keep(what, content) {
      into.checkpoints.push({ name: `${name}-${what}`, content: { meta: { experiment: name, ...content.meta }, tensors: content.tensors } });
    },
  };
}

/** A trainer's (or a training job's) epochs as metrics rows `{...tag, epoch, step, lr, trainLoss, …}` (epoch 1-based). */
export function epochRows(t: { history: readonly EpochMetrics[] }, tag: Record<string, unknown>): Record<string, unknown>[] {
  return t.history.map((h) => ({ ...tag, ...h }));
}

/** A resumable checkpoint (Trainer.checkpoint) with `tag` and its config in meta. */
export function taggedCheckpoint(k: CheckpointContent, c: TrainConfig, tag: Record<string, unknown>): CheckpointContent {
  return { meta: { ...tag, config: c, ...k.meta }, tensors: k.tensors };
}

/** A trainer's resumable checkpoint with `tag` and its config in meta. */
export function trainerCheckpoint(t: Trainer, c: TrainConfig, tag: Record<string, unknown>): CheckpointContent {
  return taggedCheckpoint(t.checkpoint(), c, tag);
}

/** Record every epoch of `t` and keep its final model as checkpoint/<experiment>-<name>. */
export function recordTrainer(ctx: ExperimentContext, name: string, t: Trainer, c: TrainConfig, tag: Record<string, unknown>): void {
  ctx.metrics(epochRows(t, tag));
  ctx.keep(name, trainerCheckpoint(t, c, tag));
}

/** recordTrainer for a training job's result (trained with `checkpoint: true`). */
export function recordRun(ctx: ExperimentContext, name: string, run: { history: readonly EpochMetrics[]; checkpoint?: CheckpointContent }, c: TrainConfig, tag: Record<string, unknown>): void {
  ctx.metrics(epochRows(run, tag));
  ctx.keep(name, taggedCheckpoint(run.checkpoint!, c, tag));
}

/** A run config from train-option overrides (the same keys as the flags / config file). */
export function configWith(overrides: Record<string, unknown>): TrainConfig {
  return resolveTrainConfig(overrides);
}

/** An experiment's lecture setup with the user's data and model flags over it (their dataset replaces the lecture's, samples and noise included). */
export function onUserData(ctx: ExperimentContext, setup: Record<string, unknown>): Record<string, unknown> {
  const base = { ...setup };
  if (ctx.data['data'] !== undefined || ctx.data['dataset'] !== undefined) for (const k of ['dataset', 'samples', 'noise']) delete base[k];
  return { ...base, ...ctx.data };
}

/** Whether the user chose the data (the lecture's split protocol then gives way to the run's). */
export function userData(ctx: ExperimentContext): boolean {
  return ctx.data['data'] !== undefined || ctx.data['dataset'] !== undefined;
}

/** Experiments that score accuracy need class labels: exit 2 naming the experiment and the data otherwise. */
export function needClasses(experiment: string, d: { name: string; task: string }): void {
  if (d.task !== 'classification') throw usageError(`experiment ${experiment} scores accuracy: it needs a classification dataset, '${d.name}' is ${d.task} (--task)`);
}

/** Load and split a dataset for an experiment (standardised on its training rows). */
export function dataFor(c: TrainConfig): Prepared {
  return prepare(loadDataset(c), c.valSplit, c.testSplit, c.seed);
}

/** Train to the end (no checkpoints) and return the trainer. */
export function trainToEnd(c: TrainConfig, data: Prepared): Trainer {
  const t = createTrainer(c, data);
  t.runSync();
  return t;
}

export const lastOf = <T>(a: readonly T[]): T => a[a.length - 1]!;
