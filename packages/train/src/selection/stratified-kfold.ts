import { DescentError } from '@descent/optim-wasm';
import { checkInt } from '../data/check.js';
import { resolveRng } from '../data/random.js';
import { foldsFromAssignment, type Fold, type FoldOptions } from './kfold.js';
import { encodeLabels } from './labels.js';

/**
 * Stratified k-fold, scikit-learn's StratifiedKFold allocation (≥ 0.22): classes are numbered
 * by first appearance, the sorted class codes are dealt round-robin to the k folds
 * (allocation[f][c] = #{i ≡ f mod k : sortedCodes[i] = c}), so fold sizes differ by at most
 * one and each class is spread as evenly as possible. Within a class, rows take their fold
 * numbers in row order (0,0,…,1,1,…), or in a random order when `shuffle`.
 * Throws when k exceeds every class's size (as scikit-learn); smaller classes are allowed.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, options: FoldOptions = {}): Fold[] {
  const op = 'stratifiedKFold';
  const n = labels.length;
  checkInt(op, 'k', k, 2);
  if (k > n) throw new DescentError('bad-arg', `${op}: k = ${k} folds cannot be more than n = ${n} rows`);
  const { codes, counts } = encodeLabels(op, labels);
  if (counts.every((c) => c < k)) {
    throw new DescentError('bad-arg', `${op}: k = ${k} is greater than the size of every class (largest class has ${Math.max(...counts)} rows)`);
  }
  const rng = options.shuffle ? resolveRng(options.rng, `${op} (shuffle: true)`) : undefined;
  // Sorted codes dealt round-robin: position p of the sorted list goes to fold p mod k.
  const alloc = counts.map(() => new Int32Array(k));
  for (let c = 0, p = 0; c < counts.length; c++) for (let j = 0; j < counts[c]!; j++, p++) alloc[c]![p % k]!++;
  const testFold = new Int32Array(n);
  const cursor = new Int32Array(counts.length);
  const foldsOfClass = alloc.map((a, c) => {
    const list = new Int32Array(counts[c]!);
    for (let f = 0, p = 0; f < k; f++) for (let j = 0; j < a[f]!; j++) list[p++] = f;
    if (!rng) return list;
    const perm = rng.permutation(list.length);
    return Int32Array.from(perm, (q) => list[q]!);
  });
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    testFold[i] = foldsOfClass[c]![cursor[c]!++]!;
  }
  return foldsFromAssignment(testFold, k);
}
