import { DescentError } from '@descent/optim-wasm';
import { checkIndices, checkInt } from './check.js';
import type { Dataset } from './dataset.js';
import { resolveRng, type RngOrSeed } from './random.js';

/**
 * How `batches` splits n rows into mini-batches: the batch size, shuffling and its seed, the epoch.
 */
export interface BatchOptions {
  /** Rows per batch: 1 is plain SGD, `'full'` (or any value >= n) is one full batch. */
  batchSize: number | 'full';
  /** Shuffle the order each epoch (default false, as PyTorch's DataLoader). Needs `rng`. */
  shuffle?: boolean;
  /** Drop the last incomplete batch (default false). Never drops the full batch. */
  dropLast?: boolean;
  /** The generator (or seed) shuffling draws from; each epoch uses its own fork. */
  rng?: RngOrSeed;
  /** Epoch number (default 0): the same rng state + epoch gives the same order. */
  epoch?: number;
}

function batchSizeOf(n: number, batchSize: number | 'full'): number {
  if (batchSize === 'full') return Math.max(n, 1);
  checkInt('batches', 'batchSize', batchSize, 1);
  return Math.min(batchSize, Math.max(n, 1));
}

/**
 * How many batches one epoch of `batches(n, options)` yields:
 * ceil(n / b), or floor(n / b) with dropLast (b = min(batchSize, n)).
 */
export function numBatches(n: number, options: Pick<BatchOptions, 'batchSize' | 'dropLast'>): number {
  checkInt('numBatches', 'n', n, 0);
  if (n === 0) return 0;
  const b = batchSizeOf(n, options.batchSize);
  return options.dropLast ? Math.floor(n / b) : Math.ceil(n / b);
}

/**
 * The row order of one epoch: 0..n-1, or a permutation drawn from `rng.fork('epoch/<epoch>')`
 * so that each epoch's order depends only on the generator and the epoch number.
 */
export function epochOrder(n: number, options: Pick<BatchOptions, 'shuffle' | 'rng' | 'epoch'>): Int32Array {
  checkInt('batches', 'n', n, 0);
  if (!options.shuffle) {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return order;
  }
  const epoch = checkInt('batches', 'epoch', options.epoch ?? 0, 0);
  return resolveRng(options.rng, 'batches (shuffle: true)').fork(`epoch/${epoch}`).permutation(n);
}

/**
 * Mini-batches of row indices for one epoch. Every index 0..n-1 appears exactly once per epoch
 * (except the dropped tail with `dropLast`). Batch size 1 is SGD; `'full'` or batchSize >= n
 * yields the whole set as one batch (even with dropLast, unlike PyTorch which would yield none).
 */
export function batches(n: number, options: BatchOptions): Generator<Int32Array, void, undefined> {
  // Validate and draw the order now, not at the first next(): errors surface at the call.
  const order = epochOrder(n, options);
  const b = batchSizeOf(n, options.batchSize);
  const count = numBatches(n, options);
  return (function* () {
    for (let i = 0; i < count; i++) yield order.slice(i * b, Math.min(n, (i + 1) * b));
  })();
}

/** Gather rows: out[r, :] = x[idx[r], :] for a row-major [n, features] array. */
export function takeRows(x: Float32Array, features: number, idx: ArrayLike<number>): Float32Array {
  checkInt('takeRows', 'features', features, 1);
  if (x.length % features !== 0) {
    throw new DescentError('bad-shape', `takeRows: x has ${x.length} values, not a multiple of features = ${features}`);
  }
  const n = x.length / features;
  checkIndices('takeRows', 'idx', idx, n);
  const out = new Float32Array(idx.length * features);
  for (let r = 0; r < idx.length; r++) out.set(x.subarray(idx[r]! * features, (idx[r]! + 1) * features), r * features);
  return out;
}

/** Gather labels: out[r] = y[idx[r]], keeping the array type (Int32Array or Float32Array). */
export function takeLabels<T extends Int32Array | Float32Array>(y: T, idx: ArrayLike<number>): T {
  checkIndices('takeLabels', 'idx', idx, y.length);
  const out = (y instanceof Int32Array ? new Int32Array(idx.length) : new Float32Array(idx.length)) as T;
  for (let r = 0; r < idx.length; r++) out[r] = y[idx[r]!]!;
  return out;
}

/** The rows `idx` of a dataset as a new Dataset (same metadata, fresh arrays). */
export function subset(d: Dataset, idx: ArrayLike<number>, name = d.name): Dataset {
  return { ...d, name, x: takeRows(d.x, d.features, idx), y: takeLabels(d.y, idx), n: idx.length };
}
