import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { DescentError, getCore, resolveVariant } from '@descent/optim-wasm';
import { cancelled, executeJob, fromWire, jobFailure, parsedJobData, serialRunner, toWire, type JobRunner, type JobSpec, type RunOptions } from '@descent/train';
import { DEFAULT_JOB_MODULES, loadJobModules } from './job-modules.js';
import type { JobThreadPool } from './thread-pool.js';
import type { ClaimReply } from './thread-worker.js';

export interface ThreadsRunnerOptions {
  /** Threads computing jobs (default: the cores Node reports); 1 runs the jobs in this thread, in order. */
  workers?: number;
  /** Job modules every thread loads (default: @descent/train's kinds). */
  modules?: readonly string[];
  /**
   * Whether this thread runs jobs too (default true): `workers` N is then N − 1 pool threads and
   * this one, which has the modules and the core loaded already. It joins only when its default
   * core is the build the run asks for (`RunOptions.core.fast`), so the bits stay the same.
   * While it computes a job, its event loop waits (progress and Ctrl-C are seen between jobs).
   */
  callerRuns?: boolean;
}

export interface ClosableRunner extends JobRunner {
  /** Stop the runner's threads or connections. */
  close(): Promise<void>;
}

/** The cores Node reports: the default number of workers. */
export const defaultWorkers = (): number => availableParallelism();

/** Check a worker count: a positive integer. */
export function checkWorkers(n: number, field = 'workers'): number {
  if (!Number.isInteger(n) || n < 1) throw new DescentError('bad-arg', `${field} must be an integer >= 1, got ${n}`);
  return n;
}

/** Let the event loop run: replies of the pool threads, an abort. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Run jobs on Node worker threads (piscina). The threads start when the runner is made, each
 * loads the job modules and the WASM core once; every thread (and this one, see `callerRuns`)
 * takes the next job index from a shared counter until none is left, so no thread waits for
 * this thread's event loop to hand it work. Values come back ordered by spec, whatever the
 * finish order, so every worker count gives the same results. The first failing job fails the
 * run (the others are cancelled); `signal` cancels the run.
 *
 * @example const runner = threadsRunner({ workers: 4 });
 *          try { await runJobs(specs, runner); } finally { await runner.close(); }
 */
export function threadsRunner(o: ThreadsRunnerOptions = {}): ClosableRunner {
  const workers = checkWorkers(o.workers ?? defaultWorkers());
  const modules = o.modules ?? DEFAULT_JOB_MODULES;
  if (workers === 1) {
    return {
      name: 'threads-1',
      async run(specs, options) {
        await loadJobModules(modules);
        return serialRunner.run(specs, options);
      },
      close: async () => {},
    };
  }
  const callerRuns = o.callerRuns ?? true;
  const threads = callerRuns ? workers - 1 : workers;
  // started now: the threads' start-up overlaps what this thread does until the first run
  let pool: Promise<JobThreadPool> | null = null;
  const openPool = () => (pool ??= import('./thread-pool.js').then((m) => new m.JobThreadPool(threads, modules)));
  const started = openPool();
  started.catch(() => {}); // reported by run
  return {
    name: `threads-${workers}`,
    async run(specs: readonly JobSpec[], options: RunOptions = {}) {
      const [p, { shareBlobs }] = await Promise.all([openPool(), import('./thread-pool.js')]);
      const n = specs.length;
      const out = new Array<unknown>(n);
      if (n === 0) return out;
      // parsed once here (where the JIT is warm): each thread gets a copy instead of parsing cold
      const datasets = parsedJobData(specs, options.blobs);
      const next = new Int32Array(new SharedArrayBuffer(4));
      const stop = new AbortController();
      setMaxListeners(0, stop.signal);
      let done = 0;
      let failure: { error: unknown } | null = null;
      let settle!: () => void;
      const finished = new Promise<void>((resolve) => (settle = resolve));
      const fail = (error: unknown) => {
        if (failure) return;
        failure = { error };
        Atomics.store(next, 0, n); // nobody takes another job
        stop.abort();
        settle();
      };
      const finish = (i: number, value: unknown) => {
        if (failure) return;
        out[i] = value;
        done++; // (not inside `onDone?.(…)`: an absent onDone would skip the count)
        options.onDone?.(done, n, i, value);
        if (done === n) settle();
      };
      const onAbort = () => fail(cancelled(done, n));
      options.signal?.addEventListener('abort', onAbort);
      if (options.signal?.aborted) onAbort();
      const ports: MessagePort[] = [];
      const blobs = shareBlobs(options.blobs);
      for (let t = 0; t < p.size && !failure; t++) {
        const { port1, port2 } = new MessageChannel();
        ports.push(port1);
        port1.on('message', (r: ClaimReply) => {
          if ('error' in r) fail(jobFailure(specs[r.index]!, new DescentError(r.error.code, r.error.message)));
          else finish(r.index, fromWire(r.value));
        });
        p.serve({ specs, next: next.buffer, blobs, datasets, ...(options.core ? { core: options.core } : {}) }, port2, stop.signal).catch(fail);
      }
      const caller = callerRuns && !failure && sameBuild(options) ? runHere(specs, next, options, modules, finish, fail, () => failure !== null) : Promise.resolve();
      try {
        await finished;
        await caller; // its job in hand ends before the run does
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        for (const port of ports) port.close();
      }
      if (failure) throw (failure as { error: unknown }).error;
      return out;
    },
    async close() {
      const p = pool;
      pool = null;
      if (p) await p.then((x) => x.close(), () => {});
    },
  };
}

/** Is this thread's default core the build the run asks for (fast or not)? Thread counts give the same bits. */
function sameBuild(options: RunOptions): boolean {
  return getCore().variant === (options.core?.fast ? 'relaxed' : resolveVariant());
}

/** This thread's share of a run: take job indices from `next` until none is left or the run failed. */
async function runHere(
  specs: readonly JobSpec[],
  next: Int32Array,
  options: RunOptions,
  modules: readonly string[],
  finish: (i: number, value: unknown) => void,
  fail: (e: unknown) => void,
  failed: () => boolean,
): Promise<void> {
  try {
    await loadJobModules(modules);
  } catch (e) {
    fail(e);
    return;
  }
  for (let i = Atomics.add(next, 0, 1); i < specs.length && !failed(); i = Atomics.add(next, 0, 1)) {
    const spec = specs[i]!;
    let value: unknown;
    try {
      value = fromWire(toWire(await executeJob(spec, options.blobs), spec));
    } catch (e) {
      fail(jobFailure(spec, e));
      return;
    }
    finish(i, value);
    await turn();
  }
}
