// How the training worker runs a view's job specs: on lanes — itself and, where the work pays for
// them, pool workers (kept between runs, handed the core module compiled once) — as lane-plan.ts
// decides from the jobs' estimated work, or as many as the user asked for. A run reports each
// finished job and can be cancelled (Stop, a new run); its pool workers stay warm for the next.
import { compileCoreModule } from '@descent/optim-wasm';
import { registerJobs, type JobRunner, type JobSpec, type RunOptions } from '@descent/train';
import type { FromWorker, PoolUse } from '../protocol.js';
import { jobMs, planLanes, type LanePlan } from './lane-plan.js';
import { lanesRunner, WorkerPool } from './pool-runner.js';
import type { Runner } from './runners.js';

let shared: WorkerPool | null = null;

/** The pool of workers loading `variant` (a new one when fast mode changes). */
function poolOf(variant: 'simd' | 'relaxed'): WorkerPool {
  if (!shared || shared.variant !== variant) {
    shared?.close();
    // compiled once here, instantiated by every worker (on failure each loads the shipped module itself)
    shared = new WorkerPool({ variant, module: () => compileCoreModule(variant).catch(() => null) });
  }
  return shared;
}

/** Lines of a CSV blob less its header: the rows a job's estimate counts. */
function csvRows(blobs: ReadonlyMap<string, Uint8Array> | undefined) {
  return (ref: string) => {
    const b = blobs?.get(ref);
    if (!b) return undefined;
    let lines = 0;
    for (const c of b) if (c === 10) lines++;
    return Math.max(1, lines - (b[b.length - 1] === 10 ? 1 : 0));
  };
}

/** A runner that plans its lanes per run (lane-plan.ts) and remembers the last plan and lanes used. */
function plannedRunner(requested: number | 'auto', variant: 'simd' | 'relaxed') {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const last = { plan: null as LanePlan | null, used: 0, name: 'serial' };
  const runner: JobRunner = {
    /** The last run's lanes: 'serial' or 'browser-pool-N'. */
    get name() {
      return last.name;
    },
    async run(specs: readonly JobSpec[], options: RunOptions = {}) {
      const estimate = csvRows(options.blobs);
      const pool = poolOf(variant); // no worker starts until a plan uses one
      const each = specs.map((s) => jobMs(s, estimate));
      const plan = planLanes({ jobMs: each, requested, cores, warmWorkers: pool.warm });
      const lanes = lanesRunner(pool, { lanes: plan.lanes, steal: plan.steal, jobMs: each });
      last.plan = plan;
      last.name = lanes.name;
      try {
        return await lanes.run(specs, options);
      } finally {
        last.used = lanes.workersUsed;
      }
    },
  };
  return { runner, last };
}

export type ComputeOn<M> = (runner: JobRunner, options: Omit<RunOptions, 'blobs'>) => Promise<M>;

/**
 * A one-shot view whose result comes from job specs run on lanes: `requested` 'auto' (lane-plan.ts
 * decides from the work) or that many (1: all in this worker). Progress: a 'jobs-progress' message
 * per finished job; free() (Stop, a new run) cancels the jobs not finished; any failure becomes
 * the run's error, never a wait without end.
 */
export function pooledRunner<M extends FromWorker>(runId: number, requested: number | 'auto', variant: 'simd' | 'relaxed', compute: ComputeOn<Omit<M, 'pool'>>): Runner {
  registerJobs();
  const { runner, last } = plannedRunner(requested, variant);
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
      const plan = last.plan;
      const pool: PoolUse = { runner: last.name, jobs, workersUsed: jobs > 0 ? last.used : 0, lanes: plan?.lanes ?? 1, reason: plan?.reason ?? 'one-job', workMs: Math.round(plan?.workMs ?? 0) };
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
