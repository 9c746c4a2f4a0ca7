import { resolveTrainConfig } from '../config/train-config.js';
import type { TrainConfig } from '@descent/train';
import type { Progress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { prepare, type Prepared, createTrainer, type Trainer } from '@descent/train';
import { loadDataset } from '../data/load.js';

/** What every experiment gets: the seed, the --quick switch and a progress sink. */
export interface ExperimentContext {
  seed: number;
  quick: boolean;
  progress: Progress;
}

export interface Experiment {
  name: string;
  summary: string;
  run(ctx: ExperimentContext): Promise<ExperimentResult> | ExperimentResult;
}

/** A run config from train-option overrides (the same keys as the flags / config file). */
export function configWith(overrides: Record<string, unknown>): TrainConfig {
  return resolveTrainConfig(overrides);
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
