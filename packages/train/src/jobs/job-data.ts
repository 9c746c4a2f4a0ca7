import type { Dataset } from '../data/dataset.js';
import { csvDataset, type TableSpec } from '../recipe/csv-data.js';
import { namedDataset, type DataSpec } from '../recipe/data.js';
import { blobRef } from './blob.js';
import { blobReader, type JobContext, type JobSpec } from './jobs.js';
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

/** A parsed job dataset by its cache key: what one thread hands another so it skips the parse. */
export type ParsedJobData = [key: string, dataset: Dataset];

const isJobData = (d: unknown): d is JobData =>
  d !== null && typeof d === 'object' && (typeof (d as { csv?: unknown }).csv === 'string' || (typeof (d as { dataset?: unknown }).dataset === 'string' && typeof (d as { seed?: unknown }).seed === 'number'));

/**
 * The datasets the specs read (their `config.data`), through jobDataset in this thread (at most
 * the cache's few): a runner sends them to its job threads, whose cold parse of a bundled dataset
 * (digits: ~0.3 s before the JIT warms up) they replace by a copy. Data that does not parse is left
 * to the job, which reports it.
 */
export function parsedJobData(specs: readonly JobSpec[], blobs: ReadonlyMap<string, Uint8Array> = new Map()): ParsedJobData[] {
  const out = new Map<string, Dataset>();
  for (const spec of specs) {
    const data = (spec.config as { data?: unknown } | null)?.data;
    if (!isJobData(data)) continue;
    const key = JSON.stringify(data);
    if (out.has(key) || out.size >= CACHED) continue;
    try {
      out.set(key, jobDataset(data, { blob: blobReader(spec, blobs) }));
    } catch {
      // the job itself reports its data's problem
    }
  }
  return [...out];
}

/** Keep datasets another thread parsed (parsedJobData) for this thread's jobs. */
export function adoptJobData(parsed: readonly ParsedJobData[]): void {
  for (const [key, d] of parsed) {
    if (cache.has(key)) continue;
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, d);
  }
}
