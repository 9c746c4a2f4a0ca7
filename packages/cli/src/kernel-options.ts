// --threads and --fast: which core the commands compute on. Set once, before any command runs,
// as the default core of @descent/optim-wasm (every layer above uses it).
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { availableThreads, loadCoreSync, MAX_THREADS, relaxedSimdSupported, setDefaultCore } from '@descent/optim-wasm';
import type { Command } from 'commander';
import type { JobCore } from '@descent/train';
import { usageError } from './errors.js';
import { intFlag } from './config/options.js';

const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const REEXEC_ENV = 'DESCENT_FAST_REEXEC';

/** Program-level options (accepted before or after the command name). */
export function addKernelOptions(program: Command): Command {
  return program
    .option('--threads <n>', `kernel threads over one shared memory (1…${MAX_THREADS}; default: the available cores, 1 per job when jobs fan out to workers); results are bit-identical for any count`)
    .option('--fast', 'fused multiply-add (relaxed SIMD): faster, but results then depend on the CPU; the default is bit-identical everywhere');
}

/**
 * Kernel threads for this process: the asked count, else 1 when jobs run on a pool of workers
 * (each worker computes one job; more threads would oversubscribe the cores), else every core.
 */
export function kernelThreads(requested: unknown, jobWorkers = 1): number {
  if (requested === undefined) return jobWorkers > 1 ? 1 : availableThreads();
  const n = intFlag('threads', String(requested), 1);
  if (n > MAX_THREADS) throw usageError(`--threads: must be an integer from 1 to ${MAX_THREADS}, got ${String(requested)}`);
  return n;
}

/**
 * Node 20 accepts relaxed SIMD only behind a V8 flag: set it in this process, else run this
 * command again with it (and exit with its code), else say exactly what to run.
 */
export function ensureRelaxedSimd(): void {
  if (relaxedSimdSupported()) return;
  setFlagsFromString(RELAXED_FLAG);
  if (relaxedSimdSupported()) return;
  const command = `node ${RELAXED_FLAG} ${process.argv.slice(1).join(' ')}`;
  if (process.env[REEXEC_ENV]) throw usageError(`--fast needs relaxed SIMD, which this Node rejects; run: ${command}`);
  const child = spawnSync(process.execPath, [...process.execArgv, RELAXED_FLAG, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [REEXEC_ENV]: '1' },
  });
  if (child.error) throw usageError(`--fast needs relaxed SIMD; run: ${command}`);
  process.exit(child.status ?? 1);
}

let forJobs: JobCore = { fast: false, threads: 1 };

/**
 * The core build of the jobs this command fans out (RunOptions.core): --fast as given, and
 * --threads kernel threads per job when given, else 1 (each worker computes one job).
 */
export function jobCore(): JobCore {
  return forJobs;
}

/**
 * Install the default core the options ask for. Kernel workers start only when a kernel is
 * large enough to split, so a small model never starts them.
 */
export function applyKernelOptions(opts: { threads?: unknown; fast?: boolean; workers?: unknown }): void {
  const threads = kernelThreads(opts.threads, Number(opts.workers ?? 1) || 1);
  if (opts.fast) ensureRelaxedSimd();
  forJobs = { fast: Boolean(opts.fast), threads: opts.threads === undefined ? 1 : threads };
  if (threads === 1 && !opts.fast) return; // the default core, loaded on first use
  setDefaultCore(loadCoreSync({ threads, fast: Boolean(opts.fast) }));
}
