// Datasets of the playground, made by @descent/train's recipe exactly as `descent train` makes
// them (seed forks 'dataset' for the generator, 'split' for the stratified holdout), so the copied
// CLI command trains on the same rows.
import { DescentError } from '@descent/optim-wasm';
import { namedDataset, parseCsv, TRAIN_DEFAULTS, type Dataset, type Prepared, type TrainConfig } from '@descent/train';
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

/** What the cv and ensembles views train: their data and network settings as the `descent` run config (Adam, ReLU, no validation split). */
export function viewTrainConfig(
  name: string,
  c: { dataset: DatasetName | 'csv'; samples: number; noise: number; hidden: number[]; lr: number; batchSize: number; epochs: number; seed: number },
  testSplit: number,
): TrainConfig {
  const csv = c.dataset === 'csv';
  return {
    ...TRAIN_DEFAULTS,
    name,
    dataset: csv ? null : c.dataset,
    data: csv ? 'dropped.csv' : null,
    label: csv ? '-1' : null,
    samples: c.samples,
    noise: c.noise,
    model: c.hidden.length ? `mlp:${c.hidden.join('-')}` : 'linear',
    activation: 'relu',
    optimizer: 'adam',
    optim: { lr: c.lr },
    batchSize: c.batchSize <= 0 ? 'full' : c.batchSize,
    epochs: c.epochs,
    valSplit: 0,
    testSplit,
    seed: c.seed,
  };
}
