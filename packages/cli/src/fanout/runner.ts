import type { Command } from 'commander';
import { DescentError } from '@descent/optim-wasm';
import { runJobs, type JobResult, type JobRunner, type JobSpec, type RunOptions } from '@descent/train';
import { intFlag } from '../config/options.js';
import { CliError, usageError } from '../errors.js';
import { interruptExitCode, interruptSignal } from '../signals.js';
import { jobCore } from '../kernel-options.js';

// '../../dist/' is the compiled CLI both from src/fanout (tests) and dist/fanout
export const CLI_JOB_MODULE = new URL('../../dist/jobs.js', import.meta.url).href;

/** --workers and --queue as commander gives them. */
export interface FanoutFlags {
  workers?: string;
  queue?: string;
}

/** Attach --workers and --queue to a command whose jobs fan out. */
export function addFanoutOptions(cmd: Command): Command {
  return cmd
    .option('--workers <n>', 'run the jobs on N worker threads (default: the cores Node reports; 1 = one after another in this process)')
    .option('--queue <url>', 'send the jobs to a Redis queue served by `descent worker` processes (redis://[:password@]HOST:PORT/DB, rediss:// for TLS)');
}

interface Runner extends JobRunner {
  close(): Promise<void>;
}

/** The runner the flags ask for: threads by default, the queue with --queue (Node-only code loads on demand). */
async function openRunner(o: FanoutFlags, jobs: number): Promise<Runner> {
  const fanout = await import('@descent/fanout');
  if (o.queue !== undefined) {
    if (o.workers !== undefined) throw usageError('--workers and --queue exclude each other: with --queue, each `descent worker` sets its own --concurrency');
    return fanout.queueRunner({ url: o.queue });
  }
  const workers = intFlag('workers', o.workers, fanout.defaultWorkers());
  return fanout.threadsRunner({ workers: Math.max(1, Math.min(workers, jobs)), modules: [CLI_JOB_MODULE] });
}

let prepared: { flags: FanoutFlags; jobs: number; runner: Promise<Runner> } | null = null;

/**
 * Open the runner of the flags now, before the command loads its data: a threads runner starts
 * its threads at once, so their start-up (modules, core) overlaps the data loading; the next
 * runFanout with the same flags and job count takes it. Errors wait for runFanout.
 */
export async function prepareFanout(o: FanoutFlags, jobs: number): Promise<void> {
  const runner = openRunner(o, jobs);
  prepared = { flags: o, jobs, runner };
  await runner.catch(() => {});
}

/** The prepared runner when it was prepared for these flags and jobs, else a new one. */
function takeRunner(o: FanoutFlags, jobs: number): Promise<Runner> {
  const p = prepared;
  prepared = null;
  if (p && p.flags === o && p.jobs === jobs) return p.runner;
  if (p) void p.runner.then((r) => r.close(), () => {});
  return openRunner(o, jobs);
}

/** The CLI's view of a runner's errors: bad URL or unreachable Redis → exit 2; Ctrl-C → exit 130 (SIGTERM 143). */
function cliError(e: unknown): unknown {
  if (!(e instanceof DescentError)) return e;
  if (e.code === 'cancelled') return new CliError(`interrupted: ${e.message}`, interruptExitCode());
  if (e.code === 'queue-unreachable' || e.code === 'bad-queue-url') return usageError(e.message);
  return e;
}

/**
 * Run `specs` on the runner of the flags; `onEach` sees every value in spec order (a value is
 * held back until all earlier ones finished), so printed progress does not depend on which
 * worker finished first. The first Ctrl-C cancels the jobs not finished (exit 130).
 */
export async function runFanout<R>(specs: readonly JobSpec[], o: FanoutFlags, options: Pick<RunOptions, 'blobs'> & { onEach?(index: number, value: R): void } = {}): Promise<JobResult<R>[]> {
  let runner: Runner;
  try {
    runner = await takeRunner(o, specs.length);
  } catch (e) {
    throw cliError(e);
  }
  const held = new Map<number, R>();
  let next = 0;
  const onDone = (_done: number, _total: number, index: number, value: unknown) => {
    held.set(index, value as R);
    while (held.has(next)) {
      options.onEach?.(next, held.get(next)!);
      held.delete(next++);
    }
  };
  try {
    const runOptions: RunOptions = { onDone, signal: interruptSignal(), core: jobCore() };
    if (options.blobs) runOptions.blobs = options.blobs;
    return await runJobs<R>(specs, runner, runOptions);
  } catch (e) {
    throw cliError(e);
  } finally {
    await runner.close();
  }
}

/** runFanout's values in spec order (blobs: the run's CSV, when it has one). */
export async function fanoutValues<R>(specs: readonly JobSpec[], o: FanoutFlags, blobs?: Map<string, Uint8Array>, onEach?: (index: number, value: R) => void): Promise<R[]> {
  return (await runFanout<R>(specs, o, { ...(blobs ? { blobs } : {}), ...(onEach ? { onEach } : {}) })).map((r) => r.value);
}

/** The runner of the flags as a JobRunner, for library calls that take one (e.g. biasVarianceSweep's `runner`). */
export function fanoutRunner(o: FanoutFlags): JobRunner {
  return {
    name: 'descent-fanout',
    run: async (specs, options = {}) => fanoutValues(specs, o, options.blobs ? new Map(options.blobs) : undefined),
  };
}
