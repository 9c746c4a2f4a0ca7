import { usageError } from '../errors.js';
import { readRegularFile } from './read-file.js';

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

/** The offset a JSON.parse SyntaxError points at (V8 wording), or the end of the text. */
function errorOffset(message: string, text: string): number {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const lines = text.split('\n');
    let off = 0;
    for (let i = 0; i < Number(lc[1]) - 1 && i < lines.length; i++) off += lines[i]!.length + 1;
    return off + Number(lc[2]) - 1;
  }
  return text.length;
}

/** Parse JSON text; a syntax error names the file, line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const { line, column } = lineColumn(text, errorOffset(msg, text));
    const what = msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw usageError(`${file}:${line}:${column}: malformed JSON (${what})`);
  }
}

/** Read and parse a JSON file (a byte-order mark is fine); a missing file, not a regular file or bad JSON is a usage error (exit 2). */
export function readJsonFile(file: string): unknown {
  return parseJsonText(readRegularFile(file, 64 * 2 ** 20), file);
}
