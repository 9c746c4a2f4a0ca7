// One worker of the pool. Its 'init' says which core build to load and usually carries the module
// the training worker compiled (so this worker neither fetches nor compiles it); it runs the job
// specs it is sent, in batches, one at a time, answering each: its value in the wire encoding every
// runner uses, or the error's code and message (the pool names the spec). Between jobs it yields,
// so a 'drop' (jobs the run no longer needs) gets in before the next one starts. Data a job
// references by blob comes once.
import { init } from '@descent/optim-wasm';
import { errorData, executeJob, registerJobs, toWire, type JobSpec } from '@descent/train';
import { turn } from './turn.js';

export type ToJobWorker =
  | { type: 'init'; variant: 'simd' | 'relaxed'; module: WebAssembly.Module | null }
  /** Jobs of run `run`; `blobs`: content they reference that this worker was not sent before. */
  | { type: 'jobs'; run: number; jobs: { id: number; spec: JobSpec }[]; blobs: [string, Uint8Array][] }
  /** Forget run `run`'s jobs not started yet (all of them, or those in `ids`). */
  | { type: 'drop'; run: number; ids?: number[] };

export type FromJobWorker =
  | { type: 'load-failed'; message: string }
  | ({ type: 'done'; run: number; id: number } & ({ ok: true; wire: string } | { ok: false; code: string; message: string }));

interface WorkerScope {
  postMessage(m: FromJobWorker): void;
  onmessage: ((e: MessageEvent<ToJobWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;
registerJobs();

// jobs may arrive before 'init' (the pool sends init once the module is compiled): they wait for the core
let loaded!: (core: Promise<unknown>) => void;
const ready = new Promise<unknown>((resolve) => (loaded = resolve));
const blobs = new Map<string, Uint8Array>();
const queue: { run: number; id: number; spec: JobSpec }[] = [];
let running = false;


async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    await ready;
    for (;;) {
      await turn();
      const job = queue.shift();
      if (!job) break;
      let answer: FromJobWorker;
      try {
        const wire = toWire(await executeJob(job.spec, blobs), job.spec);
        answer = { type: 'done', run: job.run, id: job.id, ok: true, wire };
      } catch (err) {
        answer = { type: 'done', run: job.run, id: job.id, ok: false, ...errorData(err) };
      }
      scope.postMessage(answer);
    }
  } finally {
    running = false;
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'init':
      loaded(init({ variant: m.variant, threads: 1, ...(m.module ? { source: m.module } : {}) }).catch(
        (err: unknown) => {
          scope.postMessage({ type: 'load-failed', message: err instanceof Error ? err.message : String(err) });
          return new Promise(() => {}); // never runs a job
        },
      ));
      break;
    case 'jobs':
      for (const [ref, bytes] of m.blobs) blobs.set(ref, bytes);
      for (const j of m.jobs) queue.push({ run: m.run, ...j });
      void drain();
      break;
    case 'drop': {
      const ids = m.ids ? new Set(m.ids) : null;
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.run === m.run && (!ids || ids.has(queue[i]!.id))) queue.splice(i, 1);
      break;
    }
  }
};
