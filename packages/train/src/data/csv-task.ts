import { DescentError } from '@descent/optim-wasm';
import type { Task } from './dataset.js';
import type { CsvRecord } from './csv-read.js';
import { looksNumeric, numberCell } from './csv-cells.js';

/** Whole-number labels are classes when there are at most this many distinct values… */
const MAX_CLASSES = 20;
/** …and at least this many rows per value on average. */
const MIN_ROWS_PER_CLASS = 5;

export interface LabelColumn {
  task: Task;
  /** The rule that chose the task, stated: "treating 'TOTEMP' as regression: 16 distinct values in 16 rows". */
  reason: string;
  /** Class indices (classification) or raw targets as float32 (regression). */
  y: Int32Array | Float32Array;
  /** Raw regression targets in f64 (for the target's scale). */
  values?: Float64Array;
  classNames?: string[];
}

/**
 * Read the label column (no missing cells left) and decide the task unless `task` is given: text
 * labels are classes; numbers with a fraction are a regression target; whole numbers are classes
 * when there are 2 distinct values, or at most 20 with at least 5 rows per value on average, else a
 * quantity (regression). Most cells numeric → every cell must be a number (a typo or NaN is named,
 * it does not turn a regression into classification).
 */
export function chooseTask(op: string, rows: CsvRecord[], j: number, name: string, shown: string | undefined, task: Task | undefined): LabelColumn {
  const cells = rows.map((r) => r.cells[j]!.trim());
  const numeric = cells.filter(looksNumeric).length;
  const n = rows.length;
  let values: Float64Array | undefined;
  if (task === 'regression' || (task === undefined && numeric * 2 >= n)) {
    values = Float64Array.from(rows, (r) => numberCell(op, r, j, shown));
  }
  let reason: string;
  if (task !== undefined) reason = `treating '${name}' as ${task}: as requested`;
  else if (!values) reason = `treating '${name}' as classification: text labels`;
  else if (values.some((v) => !Number.isInteger(v))) {
    task = 'regression';
    reason = `treating '${name}' as regression: values with a fraction`;
  } else {
    const k = new Set(values).size;
    task = k <= 2 || (k <= MAX_CLASSES && n >= MIN_ROWS_PER_CLASS * k) ? 'classification' : 'regression';
    reason = `treating '${name}' as ${task}: ${k} distinct values in ${n} rows (whole numbers are classes when 2 values, or ≤ ${MAX_CLASSES} with ≥ ${MIN_ROWS_PER_CLASS} rows each on average)`;
  }
  task ??= 'classification';
  if (task === 'regression') return { task, reason, y: Float32Array.from(values!), values };

  // Classes in sorted order (numerically when every label is a number, else by text).
  if (!values && numeric === n) values = Float64Array.from(rows, (r) => numberCell(op, r, j, shown));
  const keys = values ? Array.from(values, (v) => String(v)) : cells;
  const distinct = [...new Set(keys)];
  if (values) distinct.sort((a, b) => Number(a) - Number(b));
  else distinct.sort();
  if (distinct.length < 2) {
    throw new DescentError(
      'bad-csv',
      `${op}: label column ${j + 1}${shown !== undefined ? ` ('${shown}')` : ''} has a single class '${distinct[0]}' on lines ${rows[0]!.line}..${rows[n - 1]!.line}; classification needs at least 2`,
    );
  }
  const index = new Map(distinct.map((k, c) => [k, c]));
  const y = Int32Array.from(keys, (k) => index.get(k)!);
  return { task, reason: `${reason}, ${distinct.length} classes`, y, classNames: distinct };
}
