import { Worker, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { DescentError } from '@descent/optim-wasm';
import type { JobCore, JobSpec } from '@descent/train';
import type { ClaimTask, ThreadError, ThreadReply, ThreadTask } from './thread-worker.js';

// '../dist/' resolves to the compiled worker both from src/ (tests) and from dist/
const WORKER = new URL('../dist/thread-worker.js', import.meta.url);

/**
 * The parent's Node flags a thread accepts, without `--conditions`: a thread always loads the
 * compiled packages (a test runner's `--conditions source` would point it at TypeScript sources
 * it cannot run). V8 flags (`--experimental-wasm-relaxed-simd`, `--max-semi-space-size=…`) are
 * dropped: they hold for every thread of the process already, and Node refuses a worker given one.
 */
function threadExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conditions' || a === '-C') i++;
    else if (!a.startsWith('--conditions=')) out.push(a);
  }
  return out.length ? workerAccepted(out) : out;
}

/** The flags of `argv` that Node accepts for a worker (it names the others when it refuses them). */
function workerAccepted(argv: string[]): string[] {
  try {
    void new Worker('', { eval: true, execArgv: argv }).terminate(); // refused before any thread starts
    return argv;
  } catch (e) {
    const m = /invalid execArgv flags: (.*)$/.exec((e as Error).message);
    if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || !m) throw e;
    const refused = new Set(m[1]!.split(', '));
    return argv.filter((a) => !refused.has(a));
  }
}

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

/**
 * A pool of `size` worker threads that run one task each at a time. Every thread starts now and
 * loads the job modules and the core before its first task (so that start-up overlaps whatever
 * the submitting thread does meanwhile), and stays until close().
 */
export class JobThreadPool {
  private readonly pool: Piscina<ThreadTask | ClaimTask, ThreadReply | ThreadError | null>;

  constructor(
    readonly size: number,
    readonly modules: readonly string[],
  ) {
    this.pool = new Piscina({
      filename: WORKER.href,
      minThreads: size,
      maxThreads: size,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: 1,
      execArgv: threadExecArgv(),
      workerData: { warm: modules },
    });
  }

  /**
   * Let one thread serve a run (`runClaimed`): it takes job indices from `next` until none is
   * left and posts each reply on `port` (the caller keeps the other end and closes it when the
   * run ends). Rejects when the thread could not set up or died.
   */
  async serve(task: Omit<ClaimTask, 'modules' | 'port'>, port: MessagePort, signal: AbortSignal): Promise<void> {
    const r = await this.pool.run({ ...task, modules: this.modules, port }, { name: 'runClaimed', transferList: [port], signal });
    if (r && 'error' in r) throw new DescentError(r.error.code, r.error.message);
  }

  /** Run `spec` on a thread: its value as wire text, or its error (code and message kept). */
  async runWire(spec: JobSpec, blobs: Record<string, SharedArrayBuffer>, signal?: AbortSignal, core?: JobCore): Promise<string> {
    const reply = (await this.pool.run({ spec, modules: this.modules, blobs, ...(core ? { core } : {}) }, signal ? { signal } : {})) as ThreadReply;
    if ('error' in reply) throw new DescentError(reply.error.code, reply.error.message);
    return reply.value;
  }

  close(): Promise<void> {
    return this.pool.close({ force: true });
  }
}
