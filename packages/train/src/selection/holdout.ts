import { DescentError } from '@descent/optim-wasm';
import { checkInt } from '../data/check.js';
import { resolveRng, type RngOrSeed } from '../data/random.js';
import { apportion } from './apportion.js';
import { encodeLabels } from './labels.js';

/**
 * Options of `holdoutSplit`: the validation and test sizes, stratification and the generator that
 * permutes the rows.
 */
export interface HoldoutOptions {
  /** Validation size: a fraction in [0, 1) (count = ceil(val·n)) or a whole count >= 1. Default 0. */
  val?: number;
  /** Test size, same rule. Default 0. */
  test?: number;
  /** Class labels: keep each class's share in every split (largest-remainder rounding). */
  stratify?: ArrayLike<number>;
  rng: RngOrSeed;
}

/** Row indices of the three parts, each ascending. */
export interface HoldoutSplit {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/** scikit-learn's size rule: a float in (0, 1) is a fraction rounded up, an integer a count. */
export function splitCount(op: string, field: string, size: number | undefined, n: number): number {
  const s = size ?? 0;
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || (s >= 1 && !Number.isInteger(s))) {
    throw new DescentError('bad-arg', `${op}: '${field}' must be a fraction in [0, 1) or a whole count, got ${String(size)}`);
  }
  const count = s < 1 ? Math.ceil(s * n) : s;
  if (count > n) throw new DescentError('bad-arg', `${op}: '${field}' = ${s} asks for ${count} rows of ${n}`);
  return count;
}

const ascending = (a: number[]) => Int32Array.from(a).sort();

/**
 * Random train / validation / test split of n rows. Without `stratify`: one permutation,
 * its first nTest rows are test, the next nVal validation, the rest train. With `stratify`:
 * each class is permuted and split with apportioned counts so the totals are exact and every
 * class's share is kept to within one row. The same rng state gives the same split.
 */
export function holdoutSplit(n: number, options: HoldoutOptions): HoldoutSplit {
  const op = 'holdoutSplit';
  checkInt(op, 'n', n, 2);
  const nTest = splitCount(op, 'test', options.test, n);
  const nVal = splitCount(op, 'val', options.val, n);
  if (nTest + nVal >= n) {
    throw new DescentError('bad-arg', `${op}: test (${nTest}) + val (${nVal}) rows leave no training rows of ${n}`);
  }
  const rng = resolveRng(options.rng, op);
  const train: number[] = [];
  const val: number[] = [];
  const test: number[] = [];
  const deal = (rows: ArrayLike<number>, t: number, v: number) => {
    for (let i = 0; i < rows.length; i++) (i < t ? test : i < t + v ? val : train).push(rows[i]!);
  };
  if (!options.stratify) {
    deal(rng.permutation(n), nTest, nVal);
  } else {
    if (options.stratify.length !== n) {
      throw new DescentError('bad-shape', `${op}: stratify has ${options.stratify.length} labels for n = ${n} rows`);
    }
    const { codes, counts } = encodeLabels(op, options.stratify);
    const testAlloc = apportion(counts, nTest);
    const valAlloc = apportion(counts.map((c, k) => c - testAlloc[k]!), nVal);
    const members: number[][] = counts.map(() => []);
    for (let i = 0; i < n; i++) members[codes[i]!]!.push(i);
    members.forEach((rows, k) => {
      const perm = rng.permutation(rows.length);
      deal(Array.from(perm, (p) => rows[p]!), testAlloc[k]!, valAlloc[k]!);
    });
  }
  return { train: ascending(train), val: ascending(val), test: ascending(test) };
}
