import { setMaxListeners } from 'node:events';
import { DescentError } from '@descent/optim-wasm';
import { cancelled, serialRunner, type JobRunner, type JobSpec, type RunOptions } from '@descent/train';
import { DEFAULT_JOB_MODULES, loadJobModules } from './job-modules.js';
import { defaultWorkers, JobThreadPool, shareBlobs } from './thread-pool.js';

export interface ThreadsRunnerOptions {
  /** Worker threads (default: the cores Node reports); 1 runs the jobs in this thread, in order. */
  workers?: number;
  /** Job modules every thread loads (default: @descent/train's kinds). */
  modules?: readonly string[];
}

export interface ClosableRunner extends JobRunner {
  /** Stop the runner's threads or connections. */
  close(): Promise<void>;
}

/** Check a worker count: a positive integer. */
export function checkWorkers(n: number, field = 'workers'): number {
  if (!Number.isInteger(n) || n < 1) throw new DescentError('bad-arg', `${field} must be an integer >= 1, got ${n}`);
  return n;
}

/**
 * Run jobs on Node worker threads (piscina). Each thread loads the job modules and the WASM core
 * once and runs one job at a time; values come back ordered by spec, whatever the finish order,
 * so every worker count gives the same results. The first failing job fails the run (the others
 * are cancelled); `signal` cancels the run.
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
  let pool: JobThreadPool | null = null;
  return {
    name: `threads-${workers}`,
    async run(specs: readonly JobSpec[], options: RunOptions = {}) {
      pool ??= new JobThreadPool(workers, modules);
      const p = pool;
      const blobs = shareBlobs(options.blobs);
      const stop = new AbortController();
      setMaxListeners(0, stop.signal); // one listener per job in flight
      const onAbort = () => stop.abort();
      options.signal?.addEventListener('abort', onAbort);
      let done = 0;
      const out = new Array<unknown>(specs.length);
      try {
        await Promise.all(
          specs.map(async (spec, i) => {
            try {
              out[i] = await p.run(spec, blobs, stop.signal, options.core);
            } catch (e) {
              stop.abort();
              throw e;
            }
            options.onDone?.(++done, specs.length, i, out[i]);
          }),
        );
      } catch (e) {
        if (options.signal?.aborted) throw cancelled(done, specs.length);
        throw e;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
      return out;
    },
    async close() {
      await pool?.close();
      pool = null;
    },
  };
}
