// Fault-injection harness: spawn the built CLI, judge how it ended, compare run directories.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCheckpoint } from '@descent/train';

export const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.js');

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Launch {
  cwd: string;
  env?: Record<string, string>;
  stdio?: StdioOptions;
}

/** Start the built CLI (`node dist/main.js …args`). */
export function launch(args: string[], o: Launch): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: o.stdio ?? ['ignore', 'pipe', 'pipe'] });
}

/** Wait for a started process; collects what it printed. */
export function ended(child: ChildProcess): Promise<Ended> {
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stdout?.on('error', () => {});
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

export const run = (args: string[], o: Launch): Promise<Ended> => ended(launch(args, o));

export function tmpDir(prefix = 'descent-chaos-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Lines of stderr other than the notice that a stale lock (of a killed run) was removed. */
export function errorLines(e: Ended): string[] {
  return e.stderr.split('\n').filter((l) => l !== '' && !/: removed a stale lock /.test(l));
}

/**
 * Why `e` is not a clean exit with `code` (null when it is): exited (not killed by a signal) with
 * that code, and stderr holds at most one line, starting `descent: `, and no stack trace.
 */
export function unclean(e: Ended, code: number, message?: RegExp): string | null {
  const lines = errorLines(e);
  if (e.signal !== null) return `killed by ${e.signal}`;
  if (e.code !== code) return `exit ${e.code}, expected ${code}: ${lines.join(' | ').slice(0, 300)}`;
  if (/\n\s+at /.test(e.stderr)) return `stack trace: ${e.stderr.slice(0, 300)}`;
  if (lines.length > 1) return `${lines.length} lines on stderr: ${lines.join(' | ').slice(0, 300)}`;
  if (lines.length === 1 && !lines[0]!.startsWith('descent: ')) return `no 'descent: ' prefix: ${lines[0]}`;
  if (message && !message.test(e.stderr)) return `stderr does not match ${message}: ${e.stderr.slice(0, 300)}`;
  return null;
}

/** Every file under `dir` (relative path → bytes), the lock file aside. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f !== '.descent-lock') out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Files that differ between two snapshots (added, removed or changed). */
export function changedFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => !a.get(n)?.equals(b.get(n) ?? Buffer.alloc(0)) || !b.has(n)).sort();
}

const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

/**
 * Why run directory `got` does not hold the same run as `want` (null when it does): the same
 * metrics.jsonl bytes, the same checkpoint (meta and tensor bits), the same config and summary
 * (but for the run id and seconds).
 */
export function differentRun(got: string, want: string): string | null {
  if (!existsSync(join(got, 'summary.json'))) return 'no summary.json';
  if (!readFileSync(join(got, 'metrics.jsonl')).equals(readFileSync(join(want, 'metrics.jsonl')))) return 'metrics.jsonl differs';
  const a = readCheckpoint(join(got, 'checkpoint'));
  const b = readCheckpoint(join(want, 'checkpoint'));
  if (JSON.stringify(a.meta) !== JSON.stringify(b.meta)) return 'checkpoint meta differs';
  if (a.tensors.length !== b.tensors.length) return 'checkpoint tensor count differs';
  for (let i = 0; i < a.tensors.length; i++) {
    const x = a.tensors[i]!;
    const y = b.tensors[i]!;
    if (x.name !== y.name || !Buffer.from(x.data.buffer).equals(Buffer.from(y.data.buffer))) return `checkpoint tensor ${x.name} differs`;
  }
  const strip = (s: Record<string, unknown>) => JSON.stringify({ ...s, runId: null, seconds: null, config: sortKeys(s['config']) });
  if (strip(json(join(got, 'summary.json'))) !== strip(json(join(want, 'summary.json')))) return 'summary.json differs';
  if (JSON.stringify(sortKeys(json(join(got, 'config.json')))) !== JSON.stringify(sortKeys(json(join(want, 'config.json'))))) return 'config.json differs';
  return null;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

export function copyDir(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

/** `f` over `items`, at most `n` at a time (the test suite runs one at a time beside other files). */
export async function mapLimit<T, R>(items: readonly T[], n: number, f: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}
