import { readFileSync } from 'node:fs';
import { csvJobData, namedJobData, type JobData, type TrainConfig } from '@descent/train';
import { csvLabel, csvName } from '../data/load.js';

/** Where a run's jobs find their data: a named dataset, or the CSV's bytes sent once with the run. */
export interface RunData {
  /** The job data of each seed's run (a generated dataset draws from the run's seed). */
  forSeed(config: TrainConfig, seed: number): JobData;
  blobs?: Map<string, Uint8Array>;
}

/** The run data of `base` (its CSV, if any, was already read and checked by loadDataset). */
export async function runData(base: TrainConfig): Promise<RunData> {
  if (base.data === null) return { forSeed: (c, seed) => namedJobData({ dataset: c.dataset, samples: c.samples, noise: c.noise, seed }) };
  const { data, blobs } = await csvJobData(readFileSync(base.data), { label: csvLabel(base.label), name: csvName(base.data) });
  return { forSeed: () => data, blobs };
}
