// One worker of the pool: loads the WASM core (the deterministic SIMD build on one thread, so a
// job gives the same bits here as serially or in Node), then runs the job specs it is sent, one
// at a time, and answers with each value (or the error, naming the spec).
import { DescentError, init } from '@descent/optim-wasm';
import { executeJob, type JobSpec } from '@descent/train';
import { registerJobKinds } from './job-kinds.js';

export type ToJobWorker = { id: number; spec: JobSpec };
export type FromJobWorker = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

interface WorkerScope {
  postMessage(m: FromJobWorker): void;
  onmessage: ((e: MessageEvent<ToJobWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;
registerJobKinds();
const ready = init({ variant: 'simd', threads: 1 });
// one job at a time, in arrival order
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
  const { id, spec } = e.data;
  queue = queue.then(async () => {
    try {
      await ready;
      scope.postMessage({ id, ok: true, value: await executeJob(spec) });
    } catch (err) {
      const message = err instanceof DescentError || err instanceof Error ? err.message : String(err);
      scope.postMessage({ id, ok: false, message });
    }
  });
};
