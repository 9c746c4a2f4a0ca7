// Datasets of the playground, made exactly as `descent train` makes them (same seed forks:
// 'dataset' for the generator, 'split' for the stratified holdout), so the copied CLI command
// trains on the same rows.
import { DescentError, Rng } from '@descent/optim-wasm';
import { blobs, circles, holdoutSplit, moons, parseCsv, spirals, standardize, subset, xor, type Dataset } from '@descent/train';
import type { DatasetName } from '../config.js';
import type { Points } from '../protocol.js';

export interface Split {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

export interface Prepared {
  name: string;
  classes: number;
  features: number;
  train: Split;
  val: Split | null;
  test: Split | null;
  all: Split;
  indices: { train: Int32Array; val: Int32Array; test: Int32Array };
}

/** A 2-D classification dataset: a generator of @descent/train, or the user's CSV (label = last column). */
export function makeDataset(name: DatasetName, samples: number, noise: number, seed: number, csv: string | null): Dataset {
  if (name === 'csv') {
    if (csv === null || csv.trim() === '') throw new DescentError('bad-csv', 'CSV: no file yet — drop a CSV file (two numeric feature columns, the class label last) on the drop zone');
    const d = parseCsv(csv, { label: -1, name: 'dropped.csv' });
    if (d.task !== 'classification') throw new DescentError('bad-csv', `CSV: the last column must hold class labels (text or whole numbers), got real numbers`);
    if (d.features !== 2) throw new DescentError('bad-csv', `CSV: the playground plots 2 features, got ${d.features} feature columns (${(d.featureNames ?? []).join(', ')})`);
    return d;
  }
  const rng = new Rng(seed).fork('dataset');
  const o = { n: samples, noise, rng };
  switch (name) {
    case 'moons':
      return moons(o);
    case 'circles':
      return circles(o);
    case 'spirals':
      return spirals(o);
    case 'xor':
      return xor(o);
    case 'blobs':
      return blobs({ n: samples, rng });
  }
}

const part = (d: Dataset): Split => ({ x: d.x, y: d.y as Int32Array, n: d.n });

/** Stratified train / validation / test split with the seed's 'split' stream, standardised on train. */
export function prepare(d: Dataset, valSplit: number, testSplit: number, seed: number): Prepared {
  const counts = new Set(d.y);
  if (counts.size < 2) throw new DescentError('bad-dataset', `dataset '${d.name}' has only one class (${[...counts].join(', ')}): a classifier needs at least two`);
  const split = holdoutSplit(d.n, { val: valSplit, test: testSplit, stratify: d.y, rng: new Rng(seed).fork('split') });
  const scaler = standardize(d, d.features, split.train);
  const all = scaler.apply(d);
  return {
    name: d.name,
    classes: d.classes ?? 2,
    features: d.features,
    train: part(subset(all, split.train)),
    val: split.val.length ? part(subset(all, split.val)) : null,
    test: split.test.length ? part(subset(all, split.test)) : null,
    all: part(all),
    indices: split,
  };
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
