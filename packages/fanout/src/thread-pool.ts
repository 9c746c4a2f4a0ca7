import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { DescentError } from '@descent/optim-wasm';
import { fromWire, jobFailure, type JobCore, type JobSpec } from '@descent/train';
import type { ThreadReply, ThreadTask } from './thread-worker.js';

// '../dist/' resolves to the compiled worker both from src/ (tests) and from dist/
const WORKER = new URL('../dist/thread-worker.js', import.meta.url);

/**
 * The parent's Node flags without `--conditions`: a thread always loads the compiled packages
 * (a test runner's `--conditions source` would point it at TypeScript sources it cannot run).
 */
function threadExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conditions' || a === '-C') i++;
    else if (!a.startsWith('--conditions=')) out.push(a);
  }
  return out;
}

/** The cores Node reports: the default number of workers. */
export const defaultWorkers = (): number => availableParallelism();

/** Copy each blob into shared memory once: every thread then reads the same bytes. */
export function shareBlobs(blobs: ReadonlyMap<string, Uint8Array> | undefined): Record<string, SharedArrayBuffer> {
  const out: Record<string, SharedArrayBuffer> = {};
  for (const [ref, bytes] of blobs ?? []) {
    const sab = new SharedArrayBuffer(bytes.byteLength);
    new Uint8Array(sab).set(bytes);
    out[ref] = sab;
  }
  return out;
}

/** A pool of `size` worker threads that run one job each at a time. */
export class JobThreadPool {
  private readonly pool: Piscina<ThreadTask, ThreadReply>;

  /**
   * `keepAlive` (a queue worker's pool): start every thread now, load the job modules and the
   * core there before the first job, and keep the threads between runs; otherwise (one run's
   * pool) threads start with the first jobs and stop after 2 s idle.
   */
  constructor(
    readonly size: number,
    readonly modules: readonly string[],
    keepAlive = false,
  ) {
    this.pool = new Piscina({
      filename: WORKER.href,
      minThreads: keepAlive ? size : 0,
      maxThreads: size,
      idleTimeout: keepAlive ? Infinity : 2000,
      concurrentTasksPerWorker: 1,
      execArgv: threadExecArgv(),
      ...(keepAlive ? { workerData: { warm: modules } } : {}),
    });
  }

  /** Run `spec` on a thread: its value as wire text, or its error (code and message kept). */
  async runWire(spec: JobSpec, blobs: Record<string, SharedArrayBuffer>, signal?: AbortSignal, core?: JobCore): Promise<string> {
    const reply = await this.pool.run({ spec, modules: this.modules, blobs, ...(core ? { core } : {}) }, signal ? { signal } : {});
    if ('error' in reply) throw new DescentError(reply.error.code, reply.error.message);
    return reply.value;
  }

  /** Run `spec` on a thread: its value, or the job's failure naming the spec. */
  async run(spec: JobSpec, blobs: Record<string, SharedArrayBuffer>, signal?: AbortSignal, core?: JobCore): Promise<unknown> {
    let wire: string;
    try {
      wire = await this.runWire(spec, blobs, signal, core);
    } catch (e) {
      throw e instanceof DescentError ? jobFailure(spec, e) : e;
    }
    return fromWire(wire);
  }

  close(): Promise<void> {
    return this.pool.close({ force: true });
  }
}
