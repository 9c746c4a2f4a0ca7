// The browser runner of @descent/train's JobRunner: the training worker itself (the local lane)
// plus pool workers (job-worker.ts), all taking jobs from one queue. Pool workers are kept between
// runs (warm: their JIT has tiered up) and get jobs in batches, a few ahead, so a short job never
// waits for a round trip; the local lane runs one job per event-loop turn, so answers and Stop get
// in. With `steal`, the local lane never waits: out of queued jobs, it takes back jobs still
// queued on a pool worker, or re-runs one a cold worker is computing — a job's value depends on
// its spec only, so whichever copy finishes first gives the same bits. Values come back in spec
// order through the wire encoding, like every runner's. Every way a run can end — all values, a
// job that threw, a worker that died or could not load, a cancel — settles its promise.
import { DescentError } from '@descent/optim-wasm';
import { cancelled, executeJob, fromWire, jobFailure, toWire, type JobRunner, type JobSpec, type RunOptions } from '@descent/train';
import { POOL_CAP, poolSize } from '../pool-size.js';
import type { FromJobWorker, ToJobWorker } from './job-worker.js';
import { WARM_MS } from './lane-plan.js';
import { turn } from './turn.js';

export { POOL_CAP, poolSize };

/** A readable reason from a worker's error event (a script that failed to load carries no message). */
function workerFailure(e: Event): string {
  const m = (e as ErrorEvent).message;
  return m ? m : 'its script could not be loaded or started (see the browser console)';
}

/** One pool worker and what the pool knows of it. */
export interface Member {
  worker: Worker;
  /** The estimated warm milliseconds of the jobs it has computed (WARM_MS and up: warm; counted in work, not time, as a cold worker is slow). */
  workMs: number;
  /** Blob refs it holds already. */
  blobs: Set<string>;
  /** The current run's handler of its messages. */
  listener: ((m: FromJobWorker) => void) | null;
  failed: ((reason: string) => void) | null;
}

export interface PoolOptions {
  /** The core build every worker loads: 'simd' (deterministic, the default) or 'relaxed' (fast mode). */
  variant?: 'simd' | 'relaxed';
  /** Compiles the module to hand each worker, called once at the first worker's start (null: each loads the shipped one itself). */
  module?: () => Promise<WebAssembly.Module | null>;
  /** Makes one worker (default: the bundled job-worker.ts). */
  create?: () => Worker;
}

/** Web Workers that load the core once and are kept between runs. */
export class WorkerPool {
  readonly variant: 'simd' | 'relaxed';
  private readonly members: Member[] = [];
  private readonly create: () => Worker;
  private readonly compile: () => Promise<WebAssembly.Module | null>;
  private module: Promise<WebAssembly.Module | null> | null = null;
  private closed = false;

  constructor(o: PoolOptions = {}) {
    this.variant = o.variant ?? 'simd';
    this.compile = o.module ?? (() => Promise.resolve(null));
    this.create = o.create ?? (() => new Worker(new URL('./job-worker.ts', import.meta.url), { type: 'module', name: `descent-job-${this.variant}` }));
  }

  /** Workers that have computed WARM_MS of (estimated) work. */
  get warm(): number {
    return this.members.filter((m) => m.workMs >= WARM_MS).length;
  }

  /** The first `n` workers, warmest first, starting new ones as needed (they load the core at once). */
  take(n: number): Member[] {
    if (this.closed) throw new DescentError('bad-runner', 'browserPoolRunner: the pool was closed');
    while (this.members.length < Math.min(n, POOL_CAP)) this.members.push(this.start());
    return [...this.members].sort((a, b) => b.workMs - a.workMs).slice(0, n);
  }

  private start(): Member {
    const worker = this.create();
    const m: Member = { worker, workMs: 0, blobs: new Set(), listener: null, failed: null };
    worker.onmessage = (e: MessageEvent<FromJobWorker>) => {
      const d = e.data;
      if (d.type === 'load-failed') this.fail(m, `a pool worker could not load the core: ${d.message}`);
      else m.listener?.(d);
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      this.fail(m, `a pool worker failed: ${workerFailure(e)}`);
    };
    worker.onmessageerror = () => this.fail(m, 'a pool worker sent a message that could not be read');
    this.module ??= this.compile();
    void this.module.then((module) => worker.postMessage({ type: 'init', variant: this.variant, module } satisfies ToJobWorker));
    return m;
  }

  /** A worker that failed leaves the pool (the next run starts a fresh one); its run hears why. */
  private fail(m: Member, reason: string): void {
    m.worker.terminate();
    const i = this.members.indexOf(m);
    if (i >= 0) this.members.splice(i, 1);
    m.failed?.(`browserPoolRunner: ${reason}`);
  }

  /** Send jobs of `run` to `m`, with the blobs it does not hold yet. */
  send(m: Member, run: number, jobs: { id: number; spec: JobSpec }[], blobs: ReadonlyMap<string, Uint8Array>): void {
    const fresh: [string, Uint8Array][] = [];
    for (const [ref, bytes] of blobs) if (!m.blobs.has(ref)) (fresh.push([ref, bytes]), m.blobs.add(ref));
    m.worker.postMessage({ type: 'jobs', run, jobs, blobs: fresh } satisfies ToJobWorker);
  }

  /** Tell `m` to forget run `run`'s jobs it has not started (all, or those in `ids`). */
  drop(m: Member, run: number, ids?: number[]): void {
    m.worker.postMessage({ type: 'drop', run, ...(ids ? { ids } : {}) } satisfies ToJobWorker);
  }

  /** Stop every worker. */
  close(): void {
    this.closed = true;
    for (const m of this.members.splice(0)) {
      m.worker.terminate();
      m.failed?.('browserPoolRunner: the pool was closed');
    }
  }
}


export interface LanesOptions {
  /** Lanes: this thread and lanes − 1 pool workers. */
  lanes: number;
  /** Let the local lane take back or re-run jobs out on pool workers instead of waiting. */
  steal: boolean;
  /** Jobs a pool worker holds ahead (its batch; default 2). */
  ahead?: number;
  /** Each job's estimated warm milliseconds (lane-plan.ts's jobMs): what a worker's warmth is counted in. */
  jobMs?: readonly number[];
}

export interface LanesRunner extends JobRunner {
  /** How many lanes returned a value used in the last run (1 … lanes). */
  readonly workersUsed: number;
}

let runs = 0;

/** The JobRunner over this thread and lanes − 1 workers of `pool`. */
export function lanesRunner(pool: WorkerPool, o: LanesOptions): LanesRunner {
  if (!Number.isInteger(o.lanes) || o.lanes < 1) throw new DescentError('bad-arg', `browserPoolRunner: workers must be an integer >= 1, got ${String(o.lanes)}`);
  const ahead = Math.max(1, o.ahead ?? 2);
  let used = 0;
  return {
    name: o.lanes === 1 ? 'serial' : `browser-pool-${o.lanes}`,
    get workersUsed() {
      return used;
    },
    run(specs: readonly JobSpec[], options: RunOptions = {}): Promise<unknown[]> {
      const run = ++runs;
      const n = specs.length;
      const blobs = options.blobs ?? new Map<string, Uint8Array>();
      const values: unknown[] = new Array(n);
      const done = new Uint8Array(n);
      const lanesOf = new Set<unknown>();
      const queue = Array.from({ length: n }, (_, i) => i);
      let finished = 0;
      let settled = false;
      let wake: (() => void) | null = null;
      used = 0;
      let members: Member[];
      try {
        members = o.lanes > 1 && n > 1 ? pool.take(Math.min(o.lanes, n) - 1) : [];
      } catch (e) {
        return Promise.reject(e);
      }
      const out = new Map<Member, number[]>(members.map((m) => [m, []]));
      return new Promise<unknown[]>((resolve, reject) => {
        const finish = (e: Error | null) => {
          if (settled) return;
          settled = true;
          options.signal?.removeEventListener('abort', onAbort);
          for (const m of members) {
            m.listener = m.failed = null;
            if (out.get(m)!.length) pool.drop(m, run);
          }
          wake?.();
          if (e) reject(e);
          else resolve(values);
        };
        const onAbort = () => finish(cancelled(finished, n));
        /** Record job `id`'s value from `lane` (a later copy of a job already done is ignored). */
        const record = (id: number, value: unknown, lane: unknown) => {
          if (settled || done[id]) return;
          done[id] = 1;
          values[id] = value;
          finished++;
          lanesOf.add(lane);
          used = lanesOf.size;
          try {
            options.onDone?.(finished, n, id, value);
          } catch (err) {
            return finish(err instanceof Error ? err : new Error(String(err)));
          }
          if (finished === n) finish(null);
        };
        /** Keep `m` `ahead` jobs ahead (one message). */
        const feed = (m: Member) => {
          const mine = out.get(m)!;
          const batch: { id: number; spec: JobSpec }[] = [];
          while (mine.length + batch.length < ahead && queue.length) {
            const id = queue.shift()!;
            batch.push({ id, spec: specs[id]! });
          }
          if (!batch.length) return;
          mine.push(...batch.map((j) => j.id));
          pool.send(m, run, batch, blobs);
        };
        if (options.signal?.aborted) return onAbort();
        options.signal?.addEventListener('abort', onAbort);
        if (n === 0) return finish(null);
        // the local lane starts with job 0; each pool worker gets its first batch at once (it computes it once loaded)
        const first = queue.shift()!;
        for (const m of members) {
          m.failed = (reason) => finish(new DescentError('job-failed', reason));
          m.listener = (d) => {
            if (d.type !== 'done' || d.run !== run || settled) return;
            const mine = out.get(m)!;
            const at = mine.indexOf(d.id);
            if (at >= 0) mine.splice(at, 1);
            if (!d.ok) return finish(jobFailure(specs[d.id]!, new DescentError(d.code, d.message)));
            m.workMs += o.jobMs?.[d.id] ?? 0;
            let value: unknown;
            try {
              value = fromWire(d.wire);
            } catch (err) {
              return finish(jobFailure(specs[d.id]!, err));
            }
            record(d.id, value, m);
            if (!settled) feed(m);
            wake?.();
          };
          feed(m);
        }
        /** With `steal`: a job for the local lane when the queue is empty, else null (wait for answers). */
        const takeBack = (): number | null => {
          if (!o.steal) return null;
          // a job still queued behind another on a pool worker: take it back
          for (const m of members) {
            const mine = out.get(m)!.filter((id) => !done[id]);
            if (mine.length > 1) {
              const id = mine[mine.length - 1]!;
              out.get(m)!.splice(out.get(m)!.indexOf(id), 1);
              pool.drop(m, run, [id]);
              return id;
            }
          }
          // the job a cold worker is computing (a warm one finishes it sooner than a re-run would)
          for (const m of members) {
            const id = out.get(m)!.find((i) => !done[i]);
            if (id !== undefined && m.workMs < WARM_MS && !reran.has(id)) {
              reran.add(id);
              return id;
            }
          }
          return null;
        };
        const reran = new Set<number>();
        // the local lane: one job per event-loop turn (answers and Stop get in between)
        void (async () => {
          let next: number | null = first;
          while (!settled) {
            if (next === null) {
              next = queue.shift() ?? takeBack();
              if (next === null) {
                await new Promise<void>((r) => (wake = r));
                wake = null;
                continue;
              }
            }
            await turn();
            if (settled) return;
            if (options.signal?.aborted) return onAbort();
            const id: number = next;
            next = null;
            if (done[id]) continue;
            let value: unknown;
            try {
              value = fromWire(toWire(await executeJob(specs[id]!, blobs), specs[id]));
            } catch (e) {
              return finish(jobFailure(specs[id]!, e));
            }
            record(id, value, 'local');
          }
        })();
      });
    },
  };
}
