import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { writeAtomic, writeJsonAtomic } from './atomic.js';

/** `runs/<timestamp>-<name>` under the current directory, made unique if it exists. */
export function newRunDir(name: string, out?: string | null): string {
  if (out) {
    mkdirSync(out, { recursive: true });
    return resolve(out);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = resolve('runs', `${stamp}-${name.replace(/[^a-zA-Z0-9._-]+/g, '-')}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  mkdirSync(dir, { recursive: true });
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

/** metrics.jsonl: one JSON object per line, the whole file replaced atomically. */
export function writeJsonl(path: string, rows: readonly unknown[]): void {
  writeAtomic(path, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
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

export { writeJsonAtomic };
