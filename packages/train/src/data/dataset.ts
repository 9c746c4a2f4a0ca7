import { DescentError } from '@descent/optim-wasm';
import { checkIndices } from './check.js';
import type { TabularEncoding } from './tabular-encoding.js';

/** What the labels are: class indices (Int32Array y) or real targets (Float32Array y). */
export type Task = 'classification' | 'regression';

/**
 * A dataset in flat memory: `x` is row-major [n, features] f32; `y` holds one label per row,
 * class indices 0..classes-1 (Int32Array) for classification, targets (Float32Array) for
 * regression. `shape` is the per-sample shape when rows are images (digits: [1, 8, 8]).
 */
export interface Dataset {
  name: string;
  x: Float32Array;
  y: Int32Array | Float32Array;
  n: number;
  features: number;
  shape?: number[];
  task: Task;
  classes?: number;
  classNames?: string[];
  featureNames?: string[];
  /** How a CSV became these features and labels (see parseCsv); saved with a run. */
  encoding?: TabularEncoding;
}

/** Check the invariants of a Dataset (sizes, label range, finite values); returns it. */
export function validateDataset(d: Dataset, op = 'dataset'): Dataset {
  const where = `${op} '${d.name}'`;
  if (d.x.length !== d.n * d.features) {
    throw new DescentError('bad-dataset', `${where}: x has ${d.x.length} values, expected n*features = ${d.n}*${d.features}`);
  }
  if (d.y.length !== d.n) throw new DescentError('bad-dataset', `${where}: y has ${d.y.length} labels, expected n = ${d.n}`);
  if (d.shape && d.shape.reduce((a, b) => a * b, 1) !== d.features) {
    throw new DescentError('bad-dataset', `${where}: shape [${d.shape.join(', ')}] does not hold ${d.features} features`);
  }
  for (let i = 0; i < d.x.length; i++) {
    if (!Number.isFinite(d.x[i]!)) {
      throw new DescentError('bad-dataset', `${where}: x[${Math.floor(i / d.features)}, ${i % d.features}] = ${d.x[i]} is not finite`);
    }
  }
  if (d.task === 'classification') {
    const k = d.classes;
    if (!(d.y instanceof Int32Array)) throw new DescentError('bad-dataset', `${where}: classification labels must be an Int32Array`);
    if (k === undefined || !Number.isInteger(k) || k < 2) throw new DescentError('bad-dataset', `${where}: classes must be an integer >= 2, got ${k}`);
    checkIndices(where, 'y', d.y, k);
    if (d.classNames && d.classNames.length !== k) {
      throw new DescentError('bad-dataset', `${where}: ${d.classNames.length} classNames for ${k} classes`);
    }
  } else {
    for (let i = 0; i < d.n; i++) {
      if (!Number.isFinite(d.y[i]!)) throw new DescentError('bad-dataset', `${where}: y[${i}] = ${d.y[i]} is not finite`);
    }
  }
  if (d.featureNames && d.featureNames.length !== d.features) {
    throw new DescentError('bad-dataset', `${where}: ${d.featureNames.length} featureNames for ${d.features} features`);
  }
  return d;
}

/** Number of rows per class: counts[c] = #{i : y[i] = c}. */
export function classCounts(y: Int32Array, classes?: number): Int32Array {
  let k = classes ?? 0;
  if (classes === undefined) for (let i = 0; i < y.length; i++) k = Math.max(k, y[i]! + 1);
  const counts = new Int32Array(k);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (c < 0 || c >= k) throw new DescentError('bad-index', `classCounts: y[${i}] = ${c} is out of range [0, ${k})`);
    counts[c]!++;
  }
  return counts;
}
