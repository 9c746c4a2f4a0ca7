// How the training worker runs a view's job specs: on the Web Worker pool (kept between runs, so
// each pool worker loads the core once), or for one worker here, one job per event-loop turn so a
// Stop gets in between jobs. Either way a run reports each finished job and can be cancelled.
import { cancelled, registerJobs, serialRunner, type JobRunner, type JobSpec, type RunOptions } from '@descent/train';
import type { FromWorker, PoolUse } from '../protocol.js';
import { browserPoolRunner, type PoolRunner } from './pool-runner.js';
import type { Runner } from './runners.js';

/** A turn of the event loop (a MessageChannel: no setTimeout clamp). */
const turn = () =>
  new Promise<void>((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(0);
  });

/** serialRunner, yielding to this worker's messages (Stop) before every job. */
const steppedSerialRunner: JobRunner = {
  name: 'serial',
  async run(specs: readonly JobSpec[], options: RunOptions = {}) {
    const out: unknown[] = [];
    for (const [i, spec] of specs.entries()) {
      await turn();
      if (options.signal?.aborted) throw cancelled(i, specs.length);
      out.push((await serialRunner.run([spec], { ...(options.blobs ? { blobs: options.blobs } : {}) }))[0]);
      options.onDone?.(i + 1, specs.length, i, out[i]);
    }
    return out;
  },
};

let shared: { pool: PoolRunner; variant: string } | null = null;

/** The pool of `workers` Web Workers loading `variant` (a new one when either changes). */
function poolOf(workers: number, variant: 'simd' | 'relaxed'): PoolRunner {
  if (!shared || shared.pool.size !== workers || shared.variant !== variant) {
    shared?.pool.close();
    shared = { pool: browserPoolRunner({ workers, variant }), variant };
  }
  return shared.pool;
}

export type ComputeOn<M> = (runner: JobRunner, options: Omit<RunOptions, 'blobs'>) => Promise<M>;

/**
 * A one-shot view whose result comes from job specs run on `workers` Web Workers ('here': in
 * this worker, one after another). Progress: a 'jobs-progress' message per finished job; free()
 * (Stop, a new run) cancels the jobs not finished; any failure becomes the run's error, never a
 * wait without end.
 */
export function pooledRunner<M extends FromWorker>(runId: number, workers: number | 'here', variant: 'simd' | 'relaxed', compute: ComputeOn<Omit<M, 'pool'>>): Runner {
  registerJobs();
  const runner = workers === 'here' ? steppedSerialRunner : poolOf(workers, variant);
  const stop = new AbortController();
  let jobs = 0;
  return later(
    runId,
    async (post) => {
      const m = await compute(runner, {
        signal: stop.signal,
        onDone(done, total) {
          jobs = total;
          post({ type: 'jobs-progress', runId, done, total });
        },
      });
      const pool: PoolUse = { runner: runner.name, jobs, workersUsed: 'workersUsed' in runner ? (runner as PoolRunner).workersUsed : jobs > 0 ? 1 : 0 };
      return { ...m, pool } as unknown as FromWorker;
    },
    () => stop.abort(),
  );
}

/** A one-shot result that comes asynchronously: polled until it is there; a throw anywhere (posting too) is the run's error. */
export function later(runId: number, compute: (post: (m: FromWorker) => void) => Promise<FromWorker>, free: () => void = () => {}): Runner {
  let started = false;
  let finished = false;
  let failure: unknown = null;
  return {
    get steps() {
      return 0;
    },
    pauseMs: 16,
    tick(_budget, post) {
      if (!started) {
        started = true;
        compute(post)
          .then((m) => post(m))
          .then(
            () => (finished = true),
            (e: unknown) => {
              failure = e ?? new Error(`run ${runId} failed`);
              finished = true;
            },
          );
      }
      if (failure !== null) throw failure;
      return !finished;
    },
    free,
  };
}
