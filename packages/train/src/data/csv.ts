import { DescentError } from '@descent/optim-wasm';
import type { Dataset, Task } from './dataset.js';
import { readCsv, type CsvRecord } from './csv-read.js';
import { cellAt, isMissingCell, looksNumeric, numberCell } from './csv-cells.js';
import { chooseTask } from './csv-task.js';
import {
  encodeColumns,
  encodedFeatureNames,
  fitColumns,
  fitTarget,
  MISSING_POLICIES,
  type MissingPolicy,
  type RawColumn,
  type TabularEncoding,
} from './tabular-encoding.js';

/**
 * How `parseCsv` reads a table: which column is the label, the header, task, delimiter, columns to
 * drop or keep, and missing cells.
 */
export interface CsvOptions {
  /**
   * The label column: a header name (`'2010'` is a name when the header has it), or an index
   * (number, or a string of digits that is no header name; negative counts from the end: -1 = last).
   */
  label: string | number;
  /** Whether line 1 is a header. `'auto'` (default): yes when it holds the label's name or a cell that is not a number. */
  header?: 'auto' | boolean;
  /** Default: detected, and the reason is kept in `encoding.taskReason` (text or few distinct integers → classes). */
  task?: Task;
  /** Field separator: one character, 'comma', 'semicolon', 'tab', 'pipe' or 'whitespace'; default detected. */
  delimiter?: string;
  /** Dataset name (default 'csv'). */
  name?: string;
  /** Columns to leave out (e.g. an ID). */
  drop?: string[];
  /** Only these columns are features (default: every column but the label and `drop`). */
  features?: string[];
  /** Missing cells (empty, NA, N/A, NaN, ?): 'error' (default, naming the first), 'drop-rows', 'mean', 'median'. */
  missing?: MissingPolicy;
  /**
   * The rows to learn the encoding from (categories, fill values, target scale): called with the
   * row count and labels after missing rows are dropped; default every row. Pass the training rows.
   */
  fitRows?: (n: number, y: Int32Array | Float32Array, task: Task) => ArrayLike<number>;
  /** Standardise a regression target on the fit rows (`encoding.target`); default false. */
  scaleTarget?: boolean;
  /** A saved encoding to apply instead of learning one (a resumed run, a report). */
  encoding?: TabularEncoding;
}

/** A Dataset read from a CSV, with the encoding that made its features (JSON). */
export interface CsvDataset extends Dataset {
  encoding: TabularEncoding;
  /** Rows left out for missing cells (their 1-based lines): any missing cell with 'drop-rows', a missing label with 'mean'/'median'. */
  droppedLines: number[];
}

/**
 * Parse the user's own CSV into a Dataset. Number columns are features as they are; text columns
 * are one-hot encoded (categories from the fit rows; an unseen one → all zeros). Bad input throws
 * a DescentError naming line and column (1-based): empty input, ragged rows, duplicate header
 * names, text in a number column, a non-finite or float32-overflowing value, missing cells (unless
 * `missing` handles them), a single class.
 *
 * @example parseCsv('a,island,species\n1,Dream,cat\n3,Biscoe,dog\n', { label: 'species' })
 */
export function parseCsv(text: string, options: CsvOptions): CsvDataset {
  const op = 'parseCsv';
  const missing = options.missing ?? 'error';
  if (!MISSING_POLICIES.includes(missing)) throw new DescentError('bad-arg', `${op}: 'missing' must be one of ${MISSING_POLICIES.join(', ')}, got '${String(missing)}'`);
  const { records } = readCsv(text, options.delimiter, op);
  if (records.length === 0) throw new DescentError('bad-csv', `${op}: the input is empty (no rows)`);
  const first = records[0]!;
  const width = first.cells.length;
  for (const r of records) {
    if (r.cells.length !== width) {
      const col = Math.min(r.cells.length, width) + 1;
      throw new DescentError('bad-csv', `${op}: line ${r.line}, column ${col}: row has ${r.cells.length} columns, expected ${width} (as on line ${first.line})`);
    }
  }
  if (width < 2) throw new DescentError('bad-csv', `${op}: line ${first.line}: only ${width} column; need at least one feature and the label`);

  const { names, labelCol } = header(op, first, options);
  const rows = names ? records.slice(1) : records;
  if (rows.length === 0) throw new DescentError('bad-csv', `${op}: line ${first.line} is a header and there are no data rows`);
  const nameOf = (j: number) => (names ? names[j]! : `column ${j + 1}`);
  const shown = (j: number) => (names ? names[j] : undefined);
  const featureCols = chooseFeatures(op, width, labelCol, names, options);

  // Missing cells of the used columns: an error naming the first, or rows to drop.
  const used = [...featureCols, labelCol];
  let count = 0;
  let firstMissing: [CsvRecord, number] | null = null;
  const keep: CsvRecord[] = [];
  const droppedLines: number[] = [];
  const missingRows = new Set<CsvRecord>();
  for (const r of rows) {
    let any = false;
    let labelMissing = false;
    for (const j of used) {
      if (!isMissingCell(r.cells[j]!)) continue;
      count++;
      any = true;
      labelMissing ||= j === labelCol;
      firstMissing ??= [r, j];
    }
    if (any) missingRows.add(r);
    // a label cannot be filled in: with mean/median its row is dropped too
    if (any && (missing === 'drop-rows' || labelMissing)) droppedLines.push(r.line);
    else keep.push(r);
  }
  if (firstMissing && missing === 'error') {
    const [r, j] = firstMissing;
    throw new DescentError(
      'bad-csv',
      `${op}: ${cellAt(r, j, shown(j))}: missing value '${r.cells[j]}' (the first of ${plural(count, 'missing cell')} in ${plural(missingRows.size, 'row')}); set 'missing' to drop-rows, mean or median`,
    );
  }
  if (keep.length === 0) throw new DescentError('bad-csv', `${op}: every row has a missing cell; nothing left after dropping them`);
  const n = keep.length;

  const raw: RawColumn[] = featureCols.map((j) => rawColumn(op, keep, j, nameOf(j), shown(j)));
  const label = chooseTask(op, keep, labelCol, nameOf(labelCol), shown(labelCol), options.encoding?.task ?? options.task);
  const fit = options.fitRows ? options.fitRows(n, label.y, label.task) : allRows(n);
  if (fit.length === 0) throw new DescentError('bad-csv', `${op}: no rows to learn the encoding from`);
  let encoding: TabularEncoding;
  if (options.encoding) {
    encoding = options.encoding;
    if (encoding.columns.length !== raw.length) {
      throw new DescentError('bad-csv', `${op}: ${raw.length} feature columns, the saved encoding has ${encoding.columns.length} (${encoding.columns.map((c) => c.name).join(', ')})`);
    }
  } else {
    encoding = {
      label: nameOf(labelCol),
      task: label.task,
      taskReason: label.reason,
      ...(label.classNames ? { classNames: label.classNames } : {}),
      ...(label.task === 'regression' && options.scaleTarget ? { target: fitTarget(label.values!, fit) } : {}),
      missing,
      columns: fitColumns(raw, fit, missing),
    };
  }
  const { x, width: features } = encodeColumns(raw, encoding.columns, n);
  if (features === 0) throw new DescentError('bad-csv', `${op}: no feature columns left`);
  let y = label.y;
  if (encoding.target) {
    const { mean, std } = encoding.target;
    y = (y as Float32Array).map((v, i) => (label.values![i]! - mean) / std);
  }
  return {
    name: options.name ?? 'csv',
    x,
    y,
    n,
    features,
    task: label.task,
    ...(label.classNames ? { classes: label.classNames.length, classNames: label.classNames } : {}),
    featureNames: encodedFeatureNames(encoding.columns),
    encoding,
    droppedLines,
  };
}

const plural = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;

function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Header names (trimmed, outer single quotes removed, unique) and the label's column. */
function header(op: string, first: CsvRecord, options: CsvOptions): { names: string[] | undefined; labelCol: number } {
  const width = first.cells.length;
  const cells = first.cells.map((c) => c.trim().replace(/^'(.*)'$/, '$1'));
  const label = options.label;
  const byName = typeof label === 'string' ? cells.indexOf(label.trim()) : -1;
  const index = typeof label === 'number' ? label : /^-?\d+$/.test(String(label).trim()) ? Number(label) : null;
  if (options.header === false && byName >= 0 && index === null) {
    throw new DescentError('bad-csv', `${op}: label '${label}' is given by name but header is false (line ${first.line} is data)`);
  }
  let labelCol: number;
  if (byName >= 0 && options.header !== false) labelCol = byName;
  else if (index !== null) {
    if (!Number.isInteger(index) || index >= width || index < -width) {
      throw new DescentError('bad-csv', `${op}: line ${first.line}: label index ${label} is out of range for ${width} columns`);
    }
    labelCol = index < 0 ? width + index : index;
  } else if (options.header === false) {
    throw new DescentError('bad-csv', `${op}: label '${label}' is given by name but header is false (line ${first.line} is data)`);
  } else {
    throw new DescentError('bad-csv', `${op}: line ${first.line}: label column '${label}' is not in the header (columns: ${cells.join(', ')})`);
  }
  const hasHeader = options.header ?? 'auto';
  const isHeader = hasHeader === 'auto' ? byName >= 0 || first.cells.some((c, j) => j !== labelCol && !looksNumeric(c) && !isMissingCell(c)) : hasHeader;
  if (!isHeader) return { names: undefined, labelCol };
  const seen = new Map<string, number>();
  cells.forEach((c, j) => {
    const before = seen.get(c);
    if (before !== undefined) {
      throw new DescentError('bad-csv', `${op}: line ${first.line}, column ${j + 1}: duplicate column name '${c}' (also column ${before + 1})`);
    }
    seen.set(c, j);
  });
  return { names: cells, labelCol };
}

/** The feature columns: `features` if given, else every column but the label and `drop`. */
function chooseFeatures(op: string, width: number, labelCol: number, names: string[] | undefined, o: CsvOptions): number[] {
  const find = (field: string, name: string) => {
    const j = names ? names.indexOf(name.trim()) : -1;
    if (j < 0) throw new DescentError('bad-csv', `${op}: '${field}': no column '${name}'${names ? ` (columns: ${names.join(', ')})` : ' (the file has no header)'}`);
    if (j === labelCol) throw new DescentError('bad-csv', `${op}: '${field}': '${name}' is the label column`);
    return j;
  };
  const cols = o.features && o.features.length > 0 ? o.features.map((f) => find('features', f)) : Array.from({ length: width }, (_, j) => j).filter((j) => j !== labelCol);
  const dropped = new Set((o.drop ?? []).map((f) => find('drop', f)));
  const out = cols.filter((j) => !dropped.has(j));
  if (out.length === 0) throw new DescentError('bad-csv', `${op}: no feature columns left (every column is the label or dropped)`);
  return out;
}

/**
 * One feature column's raw values. It is a category column when fewer than half of its present
 * cells read as numbers; otherwise every present cell must be a finite float32 number.
 */
function rawColumn(op: string, rows: CsvRecord[], j: number, name: string, shown: string | undefined): RawColumn {
  let numeric = 0;
  let present = 0;
  for (const r of rows) {
    const c = r.cells[j]!;
    if (isMissingCell(c)) continue;
    present++;
    if (looksNumeric(c)) numeric++;
  }
  if (numeric * 2 < present) {
    return { name, kind: 'category', values: rows.map((r) => (isMissingCell(r.cells[j]!) ? null : r.cells[j]!.trim())) };
  }
  const values = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    values[i] = isMissingCell(r.cells[j]!) ? NaN : numberCell(op, r, j, shown);
  });
  return { name, kind: 'number', values };
}
