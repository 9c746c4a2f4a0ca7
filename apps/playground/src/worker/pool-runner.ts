// The browser runner of @descent/train's JobRunner: a pool of Web Workers (job-worker.ts), each
// loading the core once and taking the next spec when it is free. Values come back in the order
// of the specs, whatever order the workers finish in, so a pooled run equals a serial one.
import { DescentError } from '@descent/optim-wasm';
import type { JobRunner, JobSpec } from '@descent/train';
import type { FromJobWorker, ToJobWorker } from './job-worker.js';

/** More workers than this only cost memory (each holds a core) on the machines the playground targets. */
export const POOL_CAP = 8;

/** The pool size for a machine: its logical cores, capped. */
export function poolSize(cores: number | undefined): number {
  return Math.max(1, Math.min(POOL_CAP, Math.floor(cores ?? 1) || 1));
}

export interface PoolRunner extends JobRunner {
  readonly size: number;
  /** Stop every worker (a run in flight fails). */
  close(): void;
}

export interface PoolOptions {
  /** Workers (default: navigator.hardwareConcurrency, capped at POOL_CAP). */
  workers?: number;
  /** Makes one worker (default: the bundled job-worker.ts). */
  create?: () => Worker;
}

export function browserPoolRunner(o: PoolOptions = {}): PoolRunner {
  const size = o.workers ?? poolSize(globalThis.navigator?.hardwareConcurrency);
  if (!Number.isInteger(size) || size < 1) throw new DescentError('bad-arg', `browserPoolRunner: workers must be an integer >= 1, got ${String(size)}`);
  const create = o.create ?? (() => new Worker(new URL('./job-worker.ts', import.meta.url), { type: 'module' }));
  const workers: Worker[] = [];
  let closed = false;
  return {
    name: `browser-pool-${size}`,
    size,
    run(specs: readonly JobSpec[]): Promise<unknown[]> {
      if (closed) return Promise.reject(new DescentError('bad-runner', 'browserPoolRunner: the pool was closed'));
      while (workers.length < Math.min(size, specs.length)) workers.push(create());
      const values: unknown[] = new Array(specs.length);
      let next = 0;
      let done = 0;
      return new Promise((resolve, reject) => {
        if (specs.length === 0) return resolve(values);
        const feed = (w: Worker) => {
          if (next >= specs.length) return;
          const id = next++;
          w.postMessage({ id, spec: specs[id]! } satisfies ToJobWorker);
        };
        for (const w of workers) {
          w.onmessage = (e: MessageEvent<FromJobWorker>) => {
            const m = e.data;
            if (!m.ok) return reject(new DescentError('job-failed', `job ${JSON.stringify(specs[m.id]!.name ?? specs[m.id]!.kind)} (kind '${specs[m.id]!.kind}', seed ${specs[m.id]!.seed}) failed: ${m.message}`));
            values[m.id] = m.value;
            if (++done === specs.length) resolve(values);
            else feed(w);
          };
          w.onerror = (e) => reject(new DescentError('job-failed', `browserPoolRunner: a worker failed: ${e.message}`));
          feed(w);
        }
      });
    },
    close() {
      closed = true;
      for (const w of workers) w.terminate();
      workers.length = 0;
    },
  };
}
