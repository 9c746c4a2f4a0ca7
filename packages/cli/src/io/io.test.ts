import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CliError } from '../errors.js';
import { lineColumn, parseJsonText, readJsonFile } from './json-file.js';
import { openRunDir } from './run-dir.js';
import { LOCK_FILE, lockRunDir } from './run-lock.js';

const root = mkdtempSync(join(tmpdir(), 'io-'));
let n = 0;
const fresh = () => join(root, `d${n++}`);

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
}

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('run directories', () => {
  it('--out: an empty path, an existing file, a path under a file, a special file system → exit 2', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expect(usage(() => openRunDir('x', '', 'test'))).toBe('--out: empty path');
    expect(usage(() => openRunDir('x', file, 'test'))).toMatch(/a-file exists and is not a directory/);
    expect(usage(() => openRunDir('x', join(file, 'sub'), 'test'))).toMatch(/a-file exists and is not a directory/);
    expect(usage(() => openRunDir('x', '/proc/x', 'test'))).toMatch(/\/proc is a special file system/);
    expect(usage(() => openRunDir('x', '/dev/null', 'test'))).toMatch(/\/dev\/null exists and is not a directory/);
  });

  it('creates missing parents and locks the directory with pid and host', () => {
    const dir = openRunDir('x', join(fresh(), 'a', 'b'), 'descent test');
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, host: hostname(), command: 'descent test' });
  });

  it('a live holder on this host or a holder on another host: exit 2 naming it', () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), started: 'then', command: 'descent train' }));
    expect(usage(() => lockRunDir(dir, 'test'))).toMatch(new RegExp(`is in use by pid ${process.ppid} on ${hostname()} \\(descent train, started then\\)`));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', started: 'then', command: 'descent cv' }));
    expect(usage(() => lockRunDir(dir, 'test'))).toMatch(/is locked by pid 1 on elsewhere .*if that run has ended, delete .*\.descent-lock/);
  });

  it('a stale lock (its process is gone) is replaced, saying so', () => {
    const dir = fresh();
    mkdirSync(dir);
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), started: 'then', command: 'descent train' }));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    lockRunDir(dir, 'test');
    expect(String(err.mock.calls[0]![0])).toMatch(new RegExp(`removed a stale lock \\(pid ${pid} on .*no longer running\\)`));
    err.mockRestore();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(existsSync(join(dir, `${LOCK_FILE}.stale-${process.pid}`))).toBe(false);
  });
});

describe('JSON files', () => {
  it('maps offsets to 1-based line and column', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
  it('reports the position of a syntax error', () => {
    const text = '{\n  "lr": 0.1,\n  "epochs": 3,,\n}\n';
    expect(usage(() => parseJsonText(text, 'c.json'))).toMatch(/^c\.json:3:15: malformed JSON/);
  });
  it('accepts a UTF-8 byte-order mark; refuses what is not a regular file', () => {
    const f = join(root, 'bom.json');
    writeFileSync(f, '\uFEFF{"lr": 0.5}');
    expect(readJsonFile(f)).toEqual({ lr: 0.5 });
    expect(usage(() => readJsonFile('/dev/zero'))).toBe('/dev/zero: not a regular file');
    expect(usage(() => readJsonFile(root))).toMatch(/: not a regular file$/);
  });
});
