// Datasets of the playground, made by @descent/train's recipe exactly as `descent train` makes
// them (seed forks 'dataset' for the generator, 'split' for the stratified holdout), so the copied
// CLI command trains on the same rows.
import { DescentError } from '@descent/optim-wasm';
import { namedDataset, parseCsv, type Dataset, type Prepared } from '@descent/train';
import type { DatasetName } from '../config.js';
import type { Points } from '../protocol.js';

/** A 2-D classification dataset: a generator of @descent/train, or the user's CSV (label = last column). */
export function makeDataset(name: DatasetName, samples: number, noise: number, seed: number, csv: string | null): Dataset {
  if (name !== 'csv') return namedDataset({ dataset: name, samples, noise, seed });
  if (csv === null || csv.trim() === '') throw new DescentError('bad-csv', 'CSV: no file yet — drop a CSV file (two numeric feature columns, the class label last) on the drop zone');
  const d = parseCsv(csv, { label: -1, name: 'dropped.csv' });
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

/** The plotted box around standardised 2-D points, with a margin. */
export function boundsOf(x: Float32Array): [number, number, number, number] {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < x.length; i += 2) {
    x0 = Math.min(x0, x[i]!);
    x1 = Math.max(x1, x[i]!);
    y0 = Math.min(y0, x[i + 1]!);
    y1 = Math.max(y1, x[i + 1]!);
  }
  const mx = 0.15 * (x1 - x0 || 1);
  const my = 0.15 * (y1 - y0 || 1);
  return [x0 - mx, x1 + mx, y0 - my, y1 + my];
}
