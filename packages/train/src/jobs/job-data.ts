import type { Dataset } from '../data/dataset.js';
import { parseCsv } from '../data/csv.js';
import { namedDataset, type DataSpec } from '../recipe/data.js';
import { blobRef } from './blob.js';
import type { JobContext } from './jobs.js';

/**
 * Where a job's dataset comes from, as data: a bundled or generated dataset by name (and the
 * seed its generator draws from), or a CSV by the reference of its content (`RunOptions.blobs`).
 */
export type JobData =
  | { dataset: string; samples: number; noise: number; seed: number }
  | { csv: string; label: string | number; name: string };

/** The job data of a named dataset. */
export function namedJobData(spec: DataSpec): JobData {
  return { dataset: spec.dataset ?? '', samples: spec.samples, noise: spec.noise, seed: spec.seed };
}

/** The job data of a CSV file's bytes, and the blobs to send with the run. */
export async function csvJobData(bytes: Uint8Array, o: { label: string | number; name: string }): Promise<{ data: JobData; blobs: Map<string, Uint8Array> }> {
  const ref = await blobRef(bytes);
  return { data: { csv: ref, label: o.label, name: o.name }, blobs: new Map([[ref, bytes]]) };
}

// a worker runs many jobs on the same data: parse each source once per thread (a few kept)
const cache = new Map<string, Dataset>();
const CACHED = 4;

/** The dataset of `data` inside a job (parsed once per thread and kept for the next jobs). */
export function jobDataset(data: JobData, ctx: Pick<JobContext, 'blob'>): Dataset {
  const key = JSON.stringify(data);
  let d = cache.get(key);
  if (!d) {
    d = 'csv' in data
      ? parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(ctx.blob(data.csv)), { label: data.label, name: data.name })
      : namedDataset({ dataset: data.dataset, samples: data.samples, noise: data.noise, seed: data.seed });
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, d);
  }
  return d;
}
