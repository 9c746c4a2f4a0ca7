import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { EXIT, runError, usageError } from '../errors.js';
import { unknownName } from '@descent/train';

/** The benchmark suites and the workspace whose `npm run bench` runs them. */
export const BENCH_SUITES: Record<string, string> = {
  matmul: 'packages/optim-wasm',
  kernels: 'packages/optim-wasm',
  startup: 'packages/optim-wasm',
  optim: 'packages/optim-wasm',
  threads: 'packages/optim-wasm',
  mlp: 'packages/autodiff',
  lecture: 'packages/autodiff',
};

/** Runs `npm run bench -- args` in a workspace; the output is captured when asked (for --json). */
export type BenchRunner = (cwd: string, args: string[], capture: boolean) => Promise<{ code: number; stdout: string }>;

/** The monorepo root: dist/commands/bench.js (or src/commands) → ../../../.. */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
}

export interface BenchOptions {
  suite?: string[];
  case?: string;
  reps?: string;
  json?: boolean;
  quiet?: boolean;
}

const runBench: BenchRunner = (cwd, args, capture) => {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'bench', '--silent', '--', ...args], { cwd, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout }));
  });
};

/**
 * `descent bench`: run the benchmark harnesses of optim-wasm (matmul, kernels, startup, optim)
 * and autodiff (mlp, lecture) with the same arguments — their `npm run bench` in their workspace — and
 * print their tables, or with --json one object `{rows}` holding every row of every suite.
 */
export async function benchCommand(o: BenchOptions, run: BenchRunner = runBench): Promise<number> {
  const names = (o.suite ?? []).flatMap((s) => s.split(',')).filter(Boolean);
  for (const n of names) if (!(n in BENCH_SUITES)) throw usageError(`--suite: ${unknownName('suite', n, Object.keys(BENCH_SUITES))}`);
  if (o.reps !== undefined && !(Number.isInteger(Number(o.reps)) && Number(o.reps) >= 1)) throw usageError(`--reps: must be an integer >= 1, got ${o.reps}`);
  const root = repoRoot();
  const wanted = names.length ? names : Object.keys(BENCH_SUITES);
  const byWorkspace = new Map<string, string[]>();
  for (const n of wanted) byWorkspace.set(BENCH_SUITES[n]!, [...(byWorkspace.get(BENCH_SUITES[n]!) ?? []), n]);
  const rows: unknown[] = [];
  for (const [ws, suites] of byWorkspace) {
    const cwd = join(root, ws);
    if (!existsSync(join(cwd, 'bench', 'run.ts'))) throw runError(`bench: ${ws}/bench/run.ts not found (descent bench runs from the monorepo)`);
    const args: string[] = [];
    for (const s of suites) args.push('--suite', s);
    if (o.case) args.push('--case', o.case);
    if (o.reps) args.push('--reps', o.reps);
    if (o.json) args.push('--json');
    const r = await run(cwd, args, !!o.json);
    if (r.code !== 0) throw runError(`bench: ${ws} exited with code ${r.code}`);
    if (o.json) {
      const start = r.stdout.indexOf('[');
      if (start < 0) throw runError(`bench: ${ws} printed no JSON rows`);
      rows.push(...(JSON.parse(r.stdout.slice(start)) as unknown[]));
    }
  }
  if (o.json) process.stdout.write(`${JSON.stringify({ suites: wanted, rows })}\n`);
  return EXIT.ok;
}
