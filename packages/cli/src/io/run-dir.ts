import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '@descent/train';
import { usageError } from '../errors.js';
import { lockRunDir } from './run-lock.js';

const errCode = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);

/** Kernel file systems no run can be written to (Linux). */
const SPECIAL = ['/proc', '/sys', '/dev'];

/**
 * Create directory `dir` (and missing parents) one level at a time, or exit 2 saying why: an
 * empty path, an existing file, a special or unwritable place. (mkdir's recursive mode never
 * returns on some kernel file systems, e.g. under /proc.)
 */
function makeDir(dir: string, flag: string): string {
  if (dir.trim() === '') throw usageError(`${flag}: empty path`);
  const abs = resolve(dir);
  const missing: string[] = [];
  let at = abs;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  let real: string;
  let isDir: boolean;
  try {
    isDir = statSync(at).isDirectory();
    real = realpathSync(at);
  } catch (e) {
    throw usageError(`${flag} ${dir}: cannot use ${at} (${errCode(e)})`);
  }
  if (!isDir) throw usageError(`${flag} ${dir}: ${at} exists and is not a directory`);
  if (SPECIAL.some((s) => real === s || real.startsWith(`${s}/`))) throw usageError(`${flag} ${dir}: ${real} is a special file system, not a place for a run directory`);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw usageError(`${flag} ${dir}: cannot create ${d} (${errCode(e)})`);
    }
  }
  return abs;
}

/**
 * The run directory of a command, created and locked for this process (a second writer exits 2
 * naming the holder): `out` if given, else `runs/<timestamp>-<name>` under the current directory,
 * made unique if it exists.
 */
export function openRunDir(name: string, out: string | null | undefined, command: string, flag = '--out'): string {
  let dir: string;
  if (out !== undefined && out !== null) dir = makeDir(out, flag);
  else {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const base = resolve('runs', `${stamp}-${name.replace(/[^a-zA-Z0-9._-]+/g, '-')}`);
    dir = base;
    for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
    makeDir(dir, 'runs/');
  }
  lockRunDir(dir, command);
  return dir;
}

/** The files of a run directory. */
export const runFiles = (dir: string) => ({
  config: join(dir, 'config.json'),
  metrics: join(dir, 'metrics.jsonl'),
  summary: join(dir, 'summary.json'),
  results: join(dir, 'results.json'),
  checkpoint: join(dir, 'checkpoint'),
  report: join(dir, 'report.html'),
});

/** JSON, pretty-printed, written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** metrics.jsonl: one JSON object per line, the whole file replaced atomically. */
export function writeJsonl(path: string, rows: readonly unknown[]): void {
  writeFileAtomic(path, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
}

export function readJsonl(path: string): unknown[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        throw usageError(`${path}:${i + 1}: malformed JSON line`);
      }
    });
}
