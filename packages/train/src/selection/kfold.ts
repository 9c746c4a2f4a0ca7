import { DescentError } from '@descent/optim-wasm';
import { checkInt } from '../data/check.js';
import { resolveRng, type RngOrSeed } from '../data/random.js';

/** One cross-validation fold: ascending row indices. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Options of `kFold` and `stratifiedKFold`: whether to permute the rows first, and the generator
 * that does.
 */
export interface FoldOptions {
  /** Permute the rows before cutting the folds (default false). Needs `rng`. */
  shuffle?: boolean;
  rng?: RngOrSeed;
}

/** Test fold `testFold[i]` of every row → k folds, train = complement (both ascending). */
export function foldsFromAssignment(testFold: Int32Array, k: number): Fold[] {
  const sizes = new Int32Array(k);
  for (let i = 0; i < testFold.length; i++) sizes[testFold[i]!]!++;
  return Array.from({ length: k }, (_, f) => {
    const test = new Int32Array(sizes[f]!);
    const train = new Int32Array(testFold.length - sizes[f]!);
    for (let i = 0, a = 0, b = 0; i < testFold.length; i++) {
      if (testFold[i] === f) test[a++] = i;
      else train[b++] = i;
    }
    return { train, test };
  });
}

/**
 * k-fold cross-validation as scikit-learn's KFold: the rows (permuted when `shuffle`) are cut
 * into k contiguous blocks, the first n % k of size ⌊n/k⌋ + 1 and the rest ⌊n/k⌋; fold f
 * tests on block f and trains on the others. Without shuffle the test blocks are 0..,
 * in order. Requires 2 <= k <= n.
 */
export function kFold(n: number, k: number, options: FoldOptions = {}): Fold[] {
  const op = 'kFold';
  checkInt(op, 'n', n, 2);
  checkInt(op, 'k', k, 2);
  if (k > n) throw new DescentError('bad-arg', `${op}: k = ${k} folds cannot be more than n = ${n} rows`);
  let order: ArrayLike<number>;
  if (options.shuffle) order = resolveRng(options.rng, `${op} (shuffle: true)`).permutation(n);
  else order = Int32Array.from({ length: n }, (_, i) => i);
  const testFold = new Int32Array(n);
  for (let f = 0, start = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let i = start; i < start + size; i++) testFold[order[i]!] = f;
    start += size;
  }
  return foldsFromAssignment(testFold, k);
}
