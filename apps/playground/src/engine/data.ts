// Datasets of the playground, made by @descent/train's recipe exactly as `descent train` makes
// them (seed forks 'dataset' for the generator, 'split' for the stratified holdout), so the copied
// CLI command trains on the same rows.
import { DescentError } from '@descent/optim-wasm';
import { csvJobData, namedDataset, namedJobData, parseCsv, type Dataset, type DataSpec, type JobData, type Prepared } from '@descent/train';
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

/** Where pool workers find a view's data: a generated dataset by name and seed, or the dropped CSV's bytes by reference (sent once with the run). */
export async function jobDataOf(spec: DataSpec, csv: CsvFile | null): Promise<{ jobData: JobData; blobs: Map<string, Uint8Array> }> {
  if (!csv) return { jobData: namedJobData(spec), blobs: new Map() };
  const { data, blobs } = await csvJobData(new TextEncoder().encode(csv.text), { label: -1, name: csv.name });
  return { jobData: data, blobs };
}
