import { DescentError } from '@descent/optim-wasm';
import type { Dataset, Task } from './dataset.js';
import { parseNumberCell, tokenizeCsv, type CsvRecord } from './csv-tokenize.js';

export interface CsvOptions {
  /** The label column: a header name, or an index (negative counts from the end: -1 = last). */
  label: string | number;
  /**
   * Whether line 1 is a header. `'auto'` (default): yes when `label` is a name or when a
   * feature cell of the first row is not a number (a header of numbers needs `header: true`).
   */
  header?: 'auto' | boolean;
  /**
   * Default: classification when the labels are text or all integers, else regression.
   * Class labels (text or numbers) are mapped to 0..K-1 in sorted order; `classNames` keeps them.
   */
  task?: Task;
  /** Field separator (default ','). */
  delimiter?: string;
  /** Dataset name (default 'csv'). */
  name?: string;
}

/**
 * Parse the user's own CSV into a Dataset: every column but the label is a numeric feature.
 * Bad input throws a DescentError naming line and column (1-based): empty input, rows of
 * unequal length, a non-numeric or empty feature cell, a missing label column, a single class.
 *
 * @example parseCsv('a,b,species\n1,2,cat\n3,4,dog\n', { label: 'species' })
 */
export function parseCsv(text: string, options: CsvOptions): Dataset {
  const op = 'parseCsv';
  if (typeof text !== 'string') throw new DescentError('bad-arg', `${op}: text must be a string, got ${typeof text}`);
  const records = tokenizeCsv(text, options.delimiter ?? ',', op);
  if (records.length === 0) throw new DescentError('bad-csv', `${op}: the input is empty (no rows)`);
  const first = records[0]!;
  const width = first.cells.length;
  for (const r of records) {
    if (r.cells.length !== width) {
      const col = Math.min(r.cells.length, width) + 1;
      throw new DescentError(
        'bad-csv',
        `${op}: line ${r.line}, column ${col}: row has ${r.cells.length} columns, expected ${width} (as on line ${first.line})`,
      );
    }
  }
  if (width < 2) {
    throw new DescentError('bad-csv', `${op}: line ${first.line}: only ${width} column; need at least one feature and the label`);
  }

  const label = options.label;
  const headerOpt = options.header ?? 'auto';
  if (typeof label === 'string' && headerOpt === false) {
    throw new DescentError('bad-csv', `${op}: label '${label}' is given by name but header is false (line ${first.line} is data)`);
  }
  let labelCol: number;
  let hasHeader: boolean;
  if (typeof label === 'string') {
    hasHeader = true;
    labelCol = first.cells.findIndex((c) => c.trim() === label);
    if (labelCol < 0) {
      throw new DescentError(
        'bad-csv',
        `${op}: line ${first.line}: label column '${label}' is not in the header (columns: ${first.cells.map((c) => c.trim()).join(', ')})`,
      );
    }
  } else {
    if (!Number.isInteger(label) || label >= width || label < -width) {
      throw new DescentError('bad-csv', `${op}: line ${first.line}: label index ${label} is out of range for ${width} columns`);
    }
    labelCol = label < 0 ? width + label : label;
    hasHeader =
      headerOpt === 'auto' ? first.cells.some((c, j) => j !== labelCol && parseNumberCell(c) === undefined) : headerOpt;
  }

  const names = hasHeader ? first.cells.map((c) => c.trim()) : undefined;
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) throw new DescentError('bad-csv', `${op}: line ${first.line} is a header and there are no data rows`);
  const colName = (j: number) => (names ? ` ('${names[j]}')` : '');

  const n = rows.length;
  const features = width - 1;
  const x = new Float32Array(n * features);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    for (let j = 0, f = 0; j < width; j++) {
      if (j === labelCol) continue;
      const v = parseNumberCell(r.cells[j]!);
      if (v === undefined) throw notANumber(op, r, j, colName(j));
      x[i * features + f++] = v;
    }
  }

  const labelCells = rows.map((r) => r.cells[labelCol]!.trim());
  const numeric = labelCells.map(parseNumberCell);
  const allNumeric = numeric.every((v) => v !== undefined);
  const task: Task = options.task ?? (allNumeric && !numeric.every((v) => Number.isInteger(v)) ? 'regression' : 'classification');
  const base = {
    name: options.name ?? 'csv',
    x,
    n,
    features,
    task,
    ...(names ? { featureNames: names.filter((_, j) => j !== labelCol) } : {}),
  };
  if (task === 'regression') {
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = numeric[i];
      if (v === undefined) throw notANumber(op, rows[i]!, labelCol, colName(labelCol));
      y[i] = v;
    }
    return { ...base, y };
  }
  const empty = labelCells.indexOf('');
  if (empty >= 0) throw notANumber(op, rows[empty]!, labelCol, colName(labelCol), 'an empty class label');
  // Classes in sorted order (numerically when every label is a number, else by text).
  const keys = allNumeric ? numeric.map((v) => String(v)) : labelCells;
  const distinct = [...new Set(keys)];
  if (allNumeric) distinct.sort((a, b) => Number(a) - Number(b));
  else distinct.sort();
  if (distinct.length < 2) {
    throw new DescentError(
      'bad-csv',
      `${op}: label column ${labelCol + 1}${colName(labelCol)} has a single class '${distinct[0]}' on lines ${rows[0]!.line}..${rows[n - 1]!.line}; classification needs at least 2`,
    );
  }
  const index = new Map(distinct.map((k, c) => [k, c]));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = index.get(keys[i]!)!;
  return { ...base, y, classes: distinct.length, classNames: distinct };
}

function notANumber(op: string, r: CsvRecord, j: number, name: string, what?: string): DescentError {
  const cell = r.cells[j]!;
  const desc = what ?? (cell.trim() === '' ? 'an empty cell' : `'${cell}' is not a number`);
  return new DescentError('bad-csv', `${op}: line ${r.line}, column ${j + 1}${name}: ${desc}`);
}
