// The training worker: loads the WASM core as the first message says (by default the plain SIMD
// build on one thread: the same bits as Node; kernel threads give the same bits; fast mode does
// not), then runs one job at a time in slices, yielding between slices so pause / stop / a new
// start get in.
import { DescentError, init } from '@descent/optim-wasm';
import type { FromWorker, ToWorker } from '../protocol.js';
import { createRunner, type Runner } from './runners.js';

interface WorkerScope {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const post = (m: FromWorker) => scope.postMessage(m);

let runner: Runner | null = null;
let runId = -1;
let paused = false;
let scheduled = false;
let loaded!: (settings: { threads: number; fast: boolean }) => void;
const ready = new Promise<{ threads: number; fast: boolean }>((r) => (loaded = r)).then((s) => init({ variant: s.fast ? 'relaxed' : 'simd', threads: s.threads }));

// A MessageChannel yields to the event loop without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
channel.port1.onmessage = () => loop();

function schedule(delay: number): void {
  if (scheduled) return;
  scheduled = true;
  if (delay > 0) setTimeout(() => channel.port2.postMessage(0), delay);
  else channel.port2.postMessage(0);
}

function message(e: unknown): string {
  if (e instanceof DescentError || e instanceof Error) return e.message;
  return String(e);
}

function stop(): void {
  runner?.free();
  runner = null;
}

function loop(): void {
  scheduled = false;
  if (!runner || paused) return;
  const r = runner;
  let more = false;
  try {
    more = r.tick(40, post);
  } catch (e) {
    post({ type: 'error', runId, message: message(e) });
    if (runner === r) stop();
    return;
  }
  if (runner !== r) return;
  if (more) schedule(r.pauseMs);
  else {
    post({ type: 'done', runId, steps: r.steps });
    stop();
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'init':
      loaded({ threads: m.threads, fast: m.fast });
      break;
    case 'start':
      void ready.then(
        (core) => {
          stop();
          runId = m.runId;
          paused = false;
          try {
            runner = createRunner(m.runId, m.job, core.variant === 'relaxed' ? 'relaxed' : 'simd');
          } catch (err) {
            post({ type: 'error', runId: m.runId, message: message(err) });
            return;
          }
          schedule(0);
        },
        (err) => post({ type: 'error', runId: m.runId, message: `could not load the WASM core: ${message(err)}` }),
      );
      break;
    case 'pause':
      if (m.runId === runId) paused = true;
      break;
    case 'resume':
      if (m.runId === runId && paused) {
        paused = false;
        schedule(0);
      }
      break;
    case 'stop':
      if (m.runId === runId) stop();
      break;
  }
};

void ready.then(
  (core) => post({ type: 'ready', variant: core.variant, threads: core.threads }),
  (err) => post({ type: 'error', runId: -1, message: `could not load the WASM core: ${message(err)}` }),
);
