import type { Dataset } from '../data/dataset.js';
import { csvDataset, type TableSpec } from '../recipe/csv-data.js';
import { namedDataset, type DataSpec } from '../recipe/data.js';
import { blobRef } from './blob.js';
import type { JobContext } from './jobs.js';
import type { Json } from './json.js';

/**
 * Where a job's dataset comes from, as data: a bundled or generated dataset by name (and the
 * seed its generator draws from), or a CSV by the reference of its content (`RunOptions.blobs`)
 * with the table fields of the run (label, missing, drop, features, delimiter, task, the split
 * its encoding is learned on, a saved encoding) so a worker reads it exactly as the run does.
 */
export type JobData =
  | { dataset: string; samples: number; noise: number; seed: number }
  | { csv: string; name: string; table: TableSpec & Record<string, Json> };

/** The job data of a named dataset. */
export function namedJobData(spec: DataSpec): JobData {
  return { dataset: spec.dataset ?? '', samples: spec.samples, noise: spec.noise, seed: spec.seed };
}

/**
 * The job data of a CSV text read with the run's table fields (`csvDataset(text, name, table)`),
 * and the blobs to send with the run (the text as UTF-8, once).
 */
export async function csvJobData(text: string, o: { name: string; table: TableSpec }): Promise<{ data: JobData; blobs: Map<string, Uint8Array> }> {
  const bytes = new TextEncoder().encode(text);
  const ref = await blobRef(bytes);
  return { data: { csv: ref, name: o.name, table: o.table as TableSpec & Record<string, Json> }, blobs: new Map([[ref, bytes]]) };
}

// a worker runs many jobs on the same data: parse each source once per thread (a few kept)
const cache = new Map<string, Dataset>();
const CACHED = 4;

/** The dataset of `data` inside a job (read once per thread and kept for the next jobs). */
export function jobDataset(data: JobData, ctx: Pick<JobContext, 'blob'>): Dataset {
  const key = JSON.stringify(data);
  let d = cache.get(key);
  if (!d) {
    d = 'csv' in data
      ? csvDataset(new TextDecoder('utf-8', { ignoreBOM: true }).decode(ctx.blob(data.csv)), data.name, data.table)
      : namedDataset({ dataset: data.dataset, samples: data.samples, noise: data.noise, seed: data.seed });
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, d);
  }
  return d;
}
