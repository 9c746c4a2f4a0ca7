// Datasets of the playground, made by @descent/train's recipe exactly as `descent train` makes
// them (seed forks 'dataset' for the generator, 'split' for the stratified holdout), so the copied
// CLI command trains on the same rows.
import { DescentError } from '@descent/optim-wasm';
import { csvJobData, jobDataset, namedDataset, namedJobData, parseCsv, tableDefaults, type Dataset, type JobData, type Prepared, type TrainConfig } from '@descent/train';
import type { DatasetName } from '../config.js';
import type { CsvFile, Points } from '../protocol.js';

/** A 2-D classification dataset: a generator of @descent/train, or the user's CSV (label = last column). */
export function makeDataset(name: DatasetName, samples: number, noise: number, seed: number, csv: CsvFile | null): Dataset {
  if (name !== 'csv') return namedDataset({ dataset: name, samples, noise, seed });
  if (csv === null || csv.text.trim() === '') throw new DescentError('bad-csv', 'CSV: no file yet — drop a CSV file (two numeric feature columns, the class label last) on the drop zone');
  let d: Dataset;
  try {
    d = parseCsv(csv.text, { label: -1, name: csv.name });
  } catch (e) {
    // the message names the line and column; say which file
    throw e instanceof DescentError ? new DescentError(e.code, `${csv.name}: ${e.message}`) : e;
  }
  if (d.task !== 'classification') throw new DescentError('bad-csv', `CSV: the last column must hold class labels (text or whole numbers), got real numbers`);
  if (d.features !== 2) throw new DescentError('bad-csv', `CSV: the playground plots 2 features, got ${d.features} feature columns (${(d.featureNames ?? []).join(', ')})`);
  return d;
}

/** The plotted points: every row with its split (0 train, 1 validation, 2 test). */
export function pointsOf(p: Prepared): Points {
  const split = new Uint8Array(p.all.n);
  for (const i of p.indices.val) split[i] = 1;
  for (const i of p.indices.test) split[i] = 2;
  return { x: Float32Array.from(p.all.x), y: Int32Array.from(p.all.y), split, classes: p.classes };
}

/**
 * A view's data as pool jobs see it: where workers find it (a generated dataset by name and seed,
 * or the dropped CSV's bytes by reference, sent once with the run) and the dataset they read from
 * it, so this worker splits and refits on exactly the rows the jobs train on.
 */
export async function jobDataOf(spec: TrainConfig, csv: CsvFile | null): Promise<{ data: Dataset; jobData: JobData; blobs: Map<string, Uint8Array> }> {
  makeDataset(csv ? 'csv' : (spec.dataset as DatasetName), spec.samples, spec.noise, spec.seed, csv); // the view's own checks and messages first
  const { data: jobData, blobs } = csv ? await csvJobData(csv.text, { name: csv.name, table: tableDefaults(spec) }) : { data: namedJobData(spec), blobs: new Map<string, Uint8Array>() };
  return { data: jobDataset(jobData, { blob: (ref) => blobs.get(ref)! }), jobData, blobs };
}
