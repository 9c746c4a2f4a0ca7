// The browser runner of @descent/train's JobRunner: a pool of Web Workers (job-worker.ts), each
// loading the core once and taking the next spec when it is free. Values come back in the order
// of the specs, whatever order the workers finish in, and through the wire encoding like every
// runner's, so a pooled run equals a serial one bit for bit. Every way a run can end — all values,
// a job that threw, a worker that died or could not load, a cancel — settles its promise: the
// view shows a result or a message, never a wait without end.
import { DescentError } from '@descent/optim-wasm';
import { cancelled, fromWire, jobFailure, type JobRunner, type JobSpec, type RunOptions } from '@descent/train';
import { POOL_CAP, poolSize } from '../pool-size.js';
import type { FromJobWorker, ToJobWorker } from './job-worker.js';

export { POOL_CAP, poolSize };

export interface PoolRunner extends JobRunner {
  readonly size: number;
  /** How many distinct workers returned a value in the last run (1 … size). */
  readonly workersUsed: number;
  /** Stop every worker (a run in flight fails). */
  close(): void;
}

export interface PoolOptions {
  /** Workers (default: navigator.hardwareConcurrency, capped at POOL_CAP). */
  workers?: number;
  /** The core build each worker loads: 'simd' (deterministic, the default) or 'relaxed' (fast mode). */
  variant?: 'simd' | 'relaxed';
  /** Makes one worker (default: the bundled job-worker.ts). */
  create?: () => Worker;
}

/** A readable reason from a worker's error event (a script that failed to load carries no message). */
function workerFailure(e: Event): string {
  const m = (e as ErrorEvent).message;
  return m ? m : 'its script could not be loaded or started (see the browser console)';
}

export function browserPoolRunner(o: PoolOptions = {}): PoolRunner {
  const size = o.workers ?? poolSize(globalThis.navigator?.hardwareConcurrency);
  if (!Number.isInteger(size) || size < 1) throw new DescentError('bad-arg', `browserPoolRunner: workers must be an integer >= 1, got ${String(size)}`);
  // the worker's name tells it which core build to load before its first job
  const create = o.create ?? (() => new Worker(new URL('./job-worker.ts', import.meta.url), { type: 'module', name: `descent-job-${o.variant ?? 'simd'}` }));
  const workers: Worker[] = [];
  let closed = false;
  let used = 0;
  const stopAll = () => {
    for (const w of workers) w.terminate();
    workers.length = 0;
  };
  return {
    name: `browser-pool-${size}`,
    size,
    get workersUsed() {
      return used;
    },
    run(specs: readonly JobSpec[], options: RunOptions = {}): Promise<unknown[]> {
      if (closed) return Promise.reject(new DescentError('bad-runner', 'browserPoolRunner: the pool was closed'));
      used = 0;
      const values: unknown[] = new Array(specs.length);
      const blobs = [...(options.blobs ?? new Map<string, Uint8Array>())];
      const ran = new Set<Worker>();
      let next = 0;
      let done = 0;
      let settled = false;
      return new Promise<unknown[]>((resolve, reject) => {
        const finish = (e: Error | null) => {
          if (settled) return;
          settled = true;
          options.signal?.removeEventListener('abort', onAbort);
          for (const w of workers) w.onmessage = w.onerror = w.onmessageerror = null;
          if (e) {
            // a worker may still be busy with a job nobody waits for: stop them all (the next run starts fresh ones)
            stopAll();
            reject(e);
          } else resolve(values);
        };
        const onAbort = () => finish(cancelled(done, specs.length));
        if (options.signal?.aborted) return onAbort();
        options.signal?.addEventListener('abort', onAbort);
        if (specs.length === 0) return finish(null);
        const feed = (w: Worker) => {
          if (next >= specs.length) return;
          const id = next++;
          w.postMessage({ id, spec: specs[id]!, blobs } satisfies ToJobWorker);
        };
        while (workers.length < Math.min(size, specs.length)) workers.push(create());
        for (const w of workers) {
          w.onmessage = (e: MessageEvent<FromJobWorker>) => {
            const m = e.data;
            const spec = specs[m.id]!;
            if (!m.ok) return finish(jobFailure(spec, new DescentError(m.code, m.message)));
            try {
              values[m.id] = fromWire(m.wire);
            } catch (err) {
              return finish(jobFailure(spec, err));
            }
            ran.add(w);
            used = ran.size;
            done++;
            try {
              options.onDone?.(done, specs.length, m.id, values[m.id]);
            } catch (err) {
              return finish(err instanceof Error ? err : new Error(String(err)));
            }
            if (settled) return; // cancelled from onDone
            if (done === specs.length) finish(null);
            else feed(w);
          };
          w.onerror = (e) => {
            e.preventDefault?.();
            finish(new DescentError('job-failed', `browserPoolRunner: a pool worker failed: ${workerFailure(e)}`));
          };
          w.onmessageerror = () => finish(new DescentError('job-failed', 'browserPoolRunner: a pool worker sent a message that could not be read'));
          feed(w);
        }
      });
    },
    close() {
      closed = true;
      stopAll();
    },
  };
}
