import Papa from 'papaparse';
import { DescentError } from '@descent/optim-wasm';

/** One CSV record: its cells and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The records of a CSV text and the delimiter they were split on ('whitespace' for runs of spaces/tabs). */
export interface CsvTable {
  records: CsvRecord[];
  delimiter: string;
}

/** How a CSV's fields are separated: one character, 'whitespace' (runs of spaces or tabs), or undefined to detect. */
export type Delimiter = string | undefined;

const NAMED: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|', '\\t': '\t' };

/**
 * Split CSV text into records with papaparse (RFC 4180: quoted fields may hold delimiters,
 * newlines and doubled quotes). The delimiter is detected among `,` tab `|` `;` and, failing
 * those, runs of whitespace; or given (one character, or 'comma', 'semicolon', 'tab', 'pipe',
 * 'whitespace'). A BOM is dropped, CRLF and CR read as LF, blank lines skipped. Errors are
 * DescentErrors naming the line (and column where there is one).
 */
export function readCsv(text: string, delimiter: Delimiter = undefined, op = 'parseCsv'): CsvTable {
  if (typeof text !== 'string') throw new DescentError('bad-arg', `${op}: text must be a string, got ${typeof text}`);
  let delim = delimiter === undefined ? undefined : (NAMED[delimiter] ?? delimiter);
  if (delim !== undefined && delim !== 'whitespace' && (delim.length !== 1 || delim === '"' || delim === '\n' || delim === '\r')) {
    throw new DescentError('bad-arg', `${op}: 'delimiter' must be one character other than a quote or newline, or 'whitespace', got ${JSON.stringify(delimiter)}`);
  }
  let s = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  if (delim === undefined) delim = detect(s);
  if (delim === 'whitespace') s = collapseWhitespace(s);
  const sep = delim === 'whitespace' ? ' ' : delim;
  const records: CsvRecord[] = [];
  let newlines = 0; // newlines in s before the current cursor
  let cursor = 0;
  let error: DescentError | null = null;
  Papa.parse<string[]>(s, {
    delimiter: sep,
    newline: '\n',
    skipEmptyLines: 'greedy',
    step: (row, parser) => {
      const end = row.meta.cursor;
      for (let i = cursor; i < end; i++) if (s.charCodeAt(i) === 10) newlines++;
      cursor = end;
      const cells = row.data;
      const inside = cells.reduce((k, c) => k + (c.split('\n').length - 1), 0);
      // the record's last line is the one its terminating newline (or the end of text) is on
      const lastLine = s.charCodeAt(end - 1) === 10 ? newlines : newlines + 1;
      const line = lastLine - inside;
      const bad = row.errors[0];
      if (bad) {
        const what = bad.code === 'MissingQuotes' ? 'unterminated quoted field (no closing ")' : bad.code === 'InvalidQuotes' ? 'text after a closing quote' : bad.message;
        const at = bad.index === undefined ? line : lineAt(s, bad.index);
        error = new DescentError('bad-csv', `${op}: line ${at}, column ${Math.max(1, cells.length)}: ${what}`);
        parser.abort();
        return;
      }
      records.push({ line, cells });
    },
  });
  if (error) throw error;
  return { records, delimiter: delim };
}

/** Papaparse's guess among `,` tab `|` `;`; else whitespace when it splits the first lines evenly; else ','. */
function detect(s: string): string {
  const sample = s.slice(0, 65536);
  const guess = Papa.parse<string[]>(sample, { preview: 20, skipEmptyLines: 'greedy', newline: '\n' });
  if (!guess.errors.some((e) => e.code === 'UndetectableDelimiter')) return guess.meta.delimiter;
  const widths = collapseWhitespace(sample)
    .split('\n')
    .filter((l) => l !== '')
    .slice(0, 20)
    .map((l) => Papa.parse<string[]>(l, { delimiter: ' ' }).data[0]?.length ?? 0);
  return widths.length > 0 && widths[0]! > 1 && widths.every((w) => w === widths[0]) ? 'whitespace' : ',';
}

/** Runs of spaces and tabs outside quotes become one space; lines lose leading and trailing blanks. */
function collapseWhitespace(s: string): string {
  return s.replace(/"(?:[^"]|"")*"|[ \t]+/g, (m) => (m[0] === '"' ? m : ' ')).replace(/^ | $/gm, '');
}

function lineAt(s: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < s.length; i++) if (s.charCodeAt(i) === 10) line++;
  return line;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number cell (surrounding spaces allowed), or undefined. No hex; NaN and Infinity are not numbers. */
export function parseNumberCell(cell: string): number | undefined {
  const t = cell.trim();
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}
