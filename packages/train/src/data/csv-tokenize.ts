import { DescentError } from '@descent/optim-wasm';

/** One CSV record: its cells and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Split CSV text into records (RFC 4180): fields separated by `delimiter`, records by LF or
 * CRLF, double-quoted fields may hold delimiters, newlines and doubled quotes (""). A leading
 * BOM is dropped and blank lines are skipped. Errors name the line and column (1-based field).
 */
export function tokenizeCsv(text: string, delimiter = ',', op = 'parseCsv'): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new DescentError('bad-arg', `${op}: delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`);
  }
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quotedCell = false; // the current cell was quoted: a blank line check must not drop it
  const endRecord = () => {
    cells.push(cell);
    const blank = cells.length === 1 && !quotedCell && cells[0]!.trim() === '';
    if (!blank) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    quotedCell = false;
  };
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '"' && cell.trim() === '') {
      // A quoted field: read to the closing quote.
      const startLine = line;
      const column = cells.length + 1;
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= s.length) {
          throw new DescentError('bad-csv', `${op}: line ${startLine}, column ${column}: unterminated quoted field (no closing ")`);
        }
        const c = s[j]!;
        if (c === '"') {
          if (s[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        if (c === '\n') line++;
        value += c;
        j++;
      }
      // After the closing quote only spaces may come before the delimiter or end of line.
      while (j < s.length && (s[j] === ' ' || s[j] === '\t') && s[j] !== delimiter) j++;
      if (j < s.length && s[j] !== delimiter && s[j] !== '\n' && s[j] !== '\r') {
        throw new DescentError('bad-csv', `${op}: line ${line}, column ${column}: unexpected ${JSON.stringify(s[j])} after a closing quote`);
      }
      cell = value;
      quotedCell = true;
      i = j;
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      quotedCell = false;
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      if (quotedCell) {
        throw new DescentError('bad-csv', `${op}: line ${line}, column ${cells.length + 1}: unexpected ${JSON.stringify(ch)} after a closing quote`);
      }
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || cells.length > 0 || quotedCell) endRecord();
  return records;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number cell (surrounding spaces allowed), or undefined. No hex, no NaN/Infinity. */
export function parseNumberCell(cell: string): number | undefined {
  const t = cell.trim();
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}
