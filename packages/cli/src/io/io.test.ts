import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { writeAtomic } from './atomic.js';
import { lineColumn, parseJsonText } from './json-file.js';

describe('atomic writes', () => {
  it('replace the file in one rename', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const f = join(dir, 'a.json');
    writeAtomic(f, 'one');
    writeAtomic(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
  });
  it('a failed write leaves the previous file intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const f = join(dir, 'a.json');
    writeAtomic(f, 'previous');
    mkdirSync(`${f}.tmp`); // the temp path is taken: opening it for writing fails
    expect(() => writeAtomic(f, 'next')).toThrow();
    expect(readFileSync(f, 'utf8')).toBe('previous');
  });
});

describe('JSON errors name line and column', () => {
  it('maps offsets to 1-based line and column', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
  it('reports the position of a syntax error', () => {
    const text = '{\n  "lr": 0.1,\n  "epochs": 3,,\n}\n';
    let err: unknown;
    try {
      parseJsonText(text, 'c.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/^c\.json:3:15: malformed JSON/);
  });
});
