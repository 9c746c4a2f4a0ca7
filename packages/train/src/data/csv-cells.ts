import { DescentError } from '@descent/optim-wasm';
import { parseNumberCell, type CsvRecord } from './csv-read.js';

/** Cells that mean "no value": empty, NA, N/A, NaN, nan, ?, null. */
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'NAN', '?', 'null', 'NULL']);
const INFINITE = /^[+-]?(inf|infinity)$/i;
const F32_MAX = 3.4028234663852886e38;

export function isMissingCell(cell: string): boolean {
  return MISSING.has(cell.trim());
}

/** Where a cell is, for messages: `line 4, column 3 ('bill_length_mm')`. */
export function cellAt(r: CsvRecord, j: number, name: string | undefined): string {
  return `line ${r.line}, column ${j + 1}${name !== undefined ? ` ('${name}')` : ''}`;
}

/**
 * The number in a numeric cell, or a DescentError naming the cell: text, an infinity, or a value
 * beyond float32's range (±3.4e38), which would train as Inf. Missing cells are handled before.
 */
export function numberCell(op: string, r: CsvRecord, j: number, name: string | undefined): number {
  const cell = r.cells[j]!;
  const t = cell.trim();
  const at = `${op}: ${cellAt(r, j, name)}`;
  if (INFINITE.test(t)) throw new DescentError('bad-csv', `${at}: '${cell}' is not finite`);
  const v = parseNumberCell(t);
  if (v === undefined) {
    if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(t)) throw new DescentError('bad-csv', `${at}: '${cell}' overflows float32 (largest ±3.4e38)`);
    throw new DescentError('bad-csv', `${at}: '${cell}' is not a number`);
  }
  if (Math.abs(v) > F32_MAX) throw new DescentError('bad-csv', `${at}: '${cell}' overflows float32 (largest ±3.4e38)`);
  return v;
}

/** True when a cell reads as a number (an infinity or an overflow counts: it is a bad number, not a category). */
export function looksNumeric(cell: string): boolean {
  const t = cell.trim();
  return parseNumberCell(t) !== undefined || INFINITE.test(t) || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t);
}
