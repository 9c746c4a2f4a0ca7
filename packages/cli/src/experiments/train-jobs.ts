// An experiment's independent trainings as `train/run` jobs on the runner of --workers / --queue:
// each returns its epochs, its final scores and (when asked) its checkpoint, so the experiment
// records exactly what it recorded when it trained them one after another itself.
import { DescentError } from '@descent/optim-wasm';
import { trainRunJob, type TrainConfig, type TrainRunConfig, type TrainRunResult } from '@descent/train';
import { runData } from '../fanout/job-data.js';
import { fanoutValues } from '../fanout/runner.js';
import type { ExperimentContext } from './context.js';

/** One training: its config (the spec's seed is its seed), the config its dataset was loaded with, and its split as row indices (none: the config's fractions). */
export interface Training {
  name: string;
  config: TrainConfig;
  data: TrainConfig;
  rows?: { train: ArrayLike<number>; val: ArrayLike<number>; test: ArrayLike<number> };
  /** Return the trained run's checkpoint too. */
  checkpoint?: boolean;
}

/** A completed training (a diverged one fails the experiment, as training it in-process did). */
export type TrainedRun = TrainRunResult & { status: 'completed' };

/**
 * Train every training as a job; the values come back in the order given, and `onEach` sees them
 * in that order. The run's CSV (every training of an experiment reads the same file) is sent once.
 */
export async function trainAll(ctx: ExperimentContext, trainings: readonly Training[], onEach?: (index: number, run: TrainedRun) => void): Promise<TrainedRun[]> {
  if (trainings.length === 0) return [];
  const source = await runData(trainings[0]!.data);
  const job = trainRunJob();
  const specs = trainings.map((t) => {
    const config: TrainRunConfig = { train: t.config as TrainRunConfig['train'], data: source.forSeed(t.data, t.data.seed) as TrainRunConfig['data'] };
    if (t.rows) config.rows = { train: Array.from(t.rows.train), val: Array.from(t.rows.val), test: Array.from(t.rows.test) };
    if (t.checkpoint) config.checkpoint = true;
    return job.spec(config, t.config.seed, t.name);
  });
  let failed: DescentError | null = null;
  const runs = await fanoutValues<TrainRunResult>(specs, ctx.fanout, source.blobs, (i, r) => {
    if (r.status === 'diverged') failed ??= new DescentError('diverged', r.error ?? `${trainings[i]!.name} diverged`);
    if (!failed) onEach?.(i, r as TrainedRun);
  });
  if (failed) throw failed;
  return runs as TrainedRun[];
}
