// One worker of the pool: loads the WASM core its name asks for (by default the deterministic
// SIMD build on one thread, so a job gives the same bits here as serially or in Node), then runs
// the job specs it is sent, one at a time, and answers every one: its value in the wire encoding
// every runner uses, or the error's code and message (the pool names the spec).
import { init } from '@descent/optim-wasm';
import { errorData, executeJob, registerJobs, toWire, type JobSpec } from '@descent/train';

/** A spec to run, with the content it references by blob (a dropped CSV), if any. */
export type ToJobWorker = { id: number; spec: JobSpec; blobs: [string, Uint8Array][] };
export type FromJobWorker = { id: number; ok: true; wire: string } | { id: number; ok: false; code: string; message: string };

interface WorkerScope {
  name: string;
  postMessage(m: FromJobWorker): void;
  onmessage: ((e: MessageEvent<ToJobWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;
registerJobs();
const ready = init({ variant: scope.name === 'descent-job-relaxed' ? 'relaxed' : 'simd', threads: 1 });
// one job at a time, in arrival order
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
  const { id, spec, blobs } = e.data;
  queue = queue.then(async () => {
    let answer: FromJobWorker;
    try {
      await ready;
      answer = { id, ok: true, wire: toWire(await executeJob(spec, new Map(blobs)), spec) };
    } catch (err) {
      answer = { id, ok: false, ...errorData(err) };
    }
    scope.postMessage(answer);
  });
};
