import { csvJobData, namedJobData, tableDefaults, type JobData, type TrainConfig } from '@descent/train';
import { csvName } from '../data/load.js';
import { readRegularFile } from '../io/read-file.js';

/** Where a run's jobs find their data: a named dataset, or the CSV's text sent once with the run. */
export interface RunData {
  /** The job data of a run with `config` and `seed` (a generated dataset and a CSV's encoding split draw from the seed). */
  forSeed(config: TrainConfig, seed: number): JobData;
  blobs?: Map<string, Uint8Array>;
}

/**
 * The run data of `base`: its CSV (already read and checked by loadDataset) is read by every
 * job as loadDataset reads it — csvDataset with the run's table fields — so a fanned-out run
 * gives the serial run's bits.
 */
export async function runData(base: TrainConfig): Promise<RunData> {
  if (base.data === null) return { forSeed: (c, seed) => namedJobData({ dataset: c.dataset, samples: c.samples, noise: c.noise, seed }) };
  const name = csvName(base.data);
  const { data, blobs } = await csvJobData(readRegularFile(base.data), { name, table: tableDefaults(base) });
  const ref = (data as { csv: string }).csv;
  return { forSeed: (c, seed) => ({ csv: ref, name, table: tableDefaults({ ...c, seed }) }) as JobData, blobs };
}
