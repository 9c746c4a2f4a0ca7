import { DescentError } from '@descent/optim-wasm';
import type { Task } from './dataset.js';

/** What to do with missing cells (empty, NA, NaN, ?): fail naming the first, drop those rows, or fill. */
export type MissingPolicy = 'error' | 'drop-rows' | 'mean' | 'median';
/** Every `MissingPolicy`, in the order the CLI lists them. */
export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'drop-rows', 'mean', 'median'];

/** A numeric feature column; `fill` replaces its missing cells (mean or median of the fit rows). */
export interface NumberColumn {
  name: string;
  kind: 'number';
  fill?: number;
}

/** A text column, one-hot encoded: one 0/1 feature per category seen in the fit rows (sorted). */
export interface CategoryColumn {
  name: string;
  kind: 'category';
  categories: string[];
}

/** How one CSV column becomes features, learned from the training rows and saved with the run. */
export type ColumnEncoding = NumberColumn | CategoryColumn;

/**
 * How a CSV became features and labels, as plain JSON: saved with a run and applied again on
 * resume and in reports, so the same file always gives the same columns. Categories, fill values
 * and the target's scale come from the fit (training) rows only; a category never seen there
 * encodes as all zeros.
 */
export interface TabularEncoding {
  label: string;
  task: Task;
  /** Why the task was chosen, e.g. "treating 'TOTEMP' as regression: 16 distinct values in 16 rows". */
  taskReason: string;
  classNames?: string[];
  /** Regression targets are stored as (y − mean) / std; predictions map back with y·std + mean. */
  target?: { mean: number; std: number };
  missing: MissingPolicy;
  columns: ColumnEncoding[];
}

/** The feature names after encoding: a number column keeps its name, a category gives `name=category`. */
export function encodedFeatureNames(columns: ColumnEncoding[]): string[] {
  return columns.flatMap((c) => (c.kind === 'number' ? [c.name] : c.categories.map((k) => `${c.name}=${k}`)));
}

/** Raw values of one used column: numbers (NaN = missing) or category text (null = missing). */
export type RawColumn = { name: string; kind: 'number'; values: Float64Array } | { name: string; kind: 'category'; values: (string | null)[] };

/** Fit each column's encoding on the rows `fit`: categories seen there, and fill values when `missing` is mean/median. */
export function fitColumns(columns: RawColumn[], fit: ArrayLike<number>, missing: MissingPolicy): ColumnEncoding[] {
  return columns.map((c) => {
    if (c.kind === 'category') {
      const seen = new Set<string>();
      for (let r = 0; r < fit.length; r++) {
        const v = c.values[fit[r]!];
        if (v !== null && v !== undefined) seen.add(v);
      }
      return { name: c.name, kind: 'category', categories: [...seen].sort() };
    }
    if (missing !== 'mean' && missing !== 'median') return { name: c.name, kind: 'number' };
    const present: number[] = [];
    for (let r = 0; r < fit.length; r++) {
      const v = c.values[fit[r]!]!;
      if (!Number.isNaN(v)) present.push(v);
    }
    if (present.length === 0) throw new DescentError('bad-csv', `column '${c.name}': every training row is missing, nothing to fill with`);
    return { name: c.name, kind: 'number', fill: missing === 'mean' ? mean(present) : median(present) };
  });
}

/** Row-major features [n, width] from raw columns under an encoding (unseen or missing category → all zeros). */
export function encodeColumns(columns: RawColumn[], enc: ColumnEncoding[], n: number): { x: Float32Array; width: number } {
  const width = encodedFeatureNames(enc).length;
  const x = new Float32Array(n * width);
  let offset = 0;
  enc.forEach((e, j) => {
    const c = columns[j]!;
    if (c.name !== e.name || c.kind !== e.kind) {
      throw new DescentError('bad-csv', `column ${j + 1} is '${c.name}' (${c.kind}), the saved encoding expects '${e.name}' (${e.kind})`);
    }
    if (e.kind === 'number') {
      const v = c.values as Float64Array;
      for (let i = 0; i < n; i++) x[i * width + offset] = Number.isNaN(v[i]!) ? e.fill! : v[i]!;
      offset++;
    } else {
      const index = new Map(e.categories.map((k, t) => [k, t]));
      const v = c.values as (string | null)[];
      for (let i = 0; i < n; i++) {
        const t = v[i] === null ? undefined : index.get(v[i]!);
        if (t !== undefined) x[i * width + offset + t] = 1;
      }
      offset += e.categories.length;
    }
  });
  return { x, width };
}

/** Mean and population std of y over the fit rows (std 1 for a constant target). */
export function fitTarget(y: Float64Array, fit: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let r = 0; r < fit.length; r++) s += y[fit[r]!]!;
  const m = s / fit.length;
  let q = 0;
  for (let r = 0; r < fit.length; r++) q += (y[fit[r]!]! - m) ** 2;
  const sd = Math.sqrt(q / fit.length);
  return { mean: m, std: sd > 0 ? sd : 1 };
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
