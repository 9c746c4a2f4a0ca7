import { DescentError } from '../errors.js';
import { runParts, serveWorker, type KernelFn, type PoolLayout } from './pool-protocol.js';

const LAYOUT: PoolLayout = {
  next: 0,
  done: 1,
  parts: 2,
  fn: 3,
  mode: 4,
  argc: 5,
  nIndex: 6,
  ptrMask: 7,
  align: 8,
  stop: 9,
  result: 10,
  error: 11,
  ready: 12,
  partBits: 11,
  ints: 16,
  argsByte: 64,
  maxArgs: 24,
};
/** Bytes of the control block (allocated once in the shared memory). */
export const POOL_BLOCK_BYTES = LAYOUT.argsByte + LAYOUT.maxArgs * 8;
const MAX_PARTS = (1 << LAYOUT.partBits) - 1;
/** Idle spins of a worker before it sleeps, and of the caller before it sleeps on `done`. */
const WORKER_SPIN = 20000;
const CALLER_SPIN = 20000;

/** How a task is divided: (part, parts) passed to the kernel, or the range [0, n) split by pointer offsets. */
export type Split = { kind: 'parts' } | { kind: 'range'; nIndex: number; pointers: readonly number[]; align: number };

type WorkerHandle = { terminate(): unknown; unref?(): void };

/** The source of a pool worker: the protocol functions plus a start that works in Node and browsers. */
function workerSource(): string {
  return `'use strict';
const runParts = ${runParts.toString()};
const serveWorker = ${serveWorker.toString()};
if (typeof require === 'function') serveWorker(require('node:worker_threads').workerData, runParts);
else self.onmessage = (e) => serveWorker(e.data, runParts);
`;
}

type NodeWorkerCtor = new (src: string, o: { eval: true; workerData: unknown }) => WorkerHandle;

function nodeWorkerCtor(): NodeWorkerCtor | undefined {
  const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (m: string) => unknown } }).process;
  if (!proc?.versions?.node) return undefined;
  const wt = proc.getBuiltinModule?.('node:worker_threads') as { Worker: NodeWorkerCtor } | undefined;
  if (!wt) throw new DescentError('threads', 'optim-wasm: kernel threads need Node 20.16+ (process.getBuiltinModule)');
  return wt.Worker;
}

/** Kernel threads are possible here: shared memory exists (in a browser: the page is cross-origin isolated). */
export function threadsSupported(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  const g = globalThis as { crossOriginIsolated?: boolean; process?: { versions?: { node?: string } }; Worker?: unknown };
  if (g.process?.versions?.node) return true;
  return g.crossOriginIsolated !== false && typeof g.Worker === 'function';
}

/**
 * Worker threads that run kernels over the core's shared memory. The calling thread takes
 * parts too (it claims parts like any worker), so a late or busy worker only shifts work to
 * the others; results do not depend on which thread ran which part.
 */
export class KernelPool {
  /** Threads that run a task: the caller plus the workers. */
  readonly size: number;
  /**
   * Work below which a kernel stays on the calling thread (waking workers would cost more).
   * From bench suite `threads` (docs/benchmarks.md): a 2^20-MAC product or a 2^16-element
   * Adam update takes ~50 µs on one thread, against a few µs to hand half to a spinning
   * worker; the digits and two-moons models (largest kernels 2^18 MACs, 10^4 parameters) never
   * split, the MNIST-size layers do. Tests lower them to split small shapes.
   */
  readonly thresholds = { matmulMacs: 1 << 20, elements: 1 << 16 };
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly fns: KernelFn[];
  private readonly index = new Map<string, number>();
  private readonly workers: WorkerHandle[] = [];
  private readonly canWait: boolean;
  private readonly workerData: object;
  private generation = 0;
  private closed = false;
  private started = false;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, exports: object, base: number, threads: number) {
    if (!(memory.buffer instanceof SharedArrayBuffer)) throw new DescentError('threads', 'optim-wasm: a kernel pool needs the shared-memory build');
    this.size = threads;
    this.i32 = new Int32Array(memory.buffer, base, LAYOUT.ints);
    this.f64 = new Float64Array(memory.buffer, base + LAYOUT.argsByte, LAYOUT.maxArgs);
    this.i32.fill(0);
    const names = Object.keys(exports).filter((k) => typeof (exports as Record<string, unknown>)[k] === 'function');
    names.forEach((n, i) => this.index.set(n, i));
    this.fns = names.map((n) => (exports as Record<string, KernelFn>)[n]!);
    this.canWait = callerCanWait();
    this.workerData = { module, memory, base, names, layout: LAYOUT, spin: WORKER_SPIN };
  }

  /** Start the workers: on the first split kernel, or by `ready()` (a small model never starts them). */
  private start(): void {
    if (this.started) return;
    this.started = true;
    const data = this.workerData;
    const NodeWorker = nodeWorkerCtor();
    for (let i = 1; i < this.size; i++) {
      if (NodeWorker) {
        const w = new NodeWorker(workerSource(), { eval: true, workerData: data });
        w.unref?.(); // an idle pool never keeps a process alive
        this.workers.push(w);
      } else {
        const url = URL.createObjectURL(new Blob([workerSource()], { type: 'text/javascript' }));
        const w = new Worker(url);
        w.postMessage(data);
        URL.revokeObjectURL(url);
        this.workers.push(w);
      }
    }
  }

  /** Workers that have instantiated the module (they take parts from then on). */
  get readyWorkers(): number {
    return Atomics.load(this.i32, LAYOUT.ready);
  }

  /** Starts the workers; resolves when every one serves (tasks run before that are taken by the others). */
  async ready(): Promise<void> {
    this.start();
    while (this.readyWorkers < this.workers.length) await new Promise((r) => setTimeout(r, 1));
  }

  /**
   * Run the export `name` as `parts` parts over the pool and return the sum of their integer
   * results. Blocks until every part is done. `callerJoins: false` leaves every part to the
   * workers (tests use it to check the worker path).
   */
  run(name: string, args: readonly number[], parts: number, split: Split, callerJoins = true): number {
    const L = LAYOUT;
    const i32 = this.i32;
    if (this.closed) throw new DescentError('threads', `optim-wasm: ${name}: the kernel pool was closed`);
    const fn = this.index.get(name);
    if (fn === undefined) throw new DescentError('threads', `optim-wasm: ${name} is not a kernel of this core`);
    if (args.length > L.maxArgs) throw new DescentError('threads', `optim-wasm: ${name}: ${args.length} arguments, the pool passes at most ${L.maxArgs}`);
    this.start();
    const p = Math.max(1, Math.min(parts, MAX_PARTS));
    for (let i = 0; i < args.length; i++) this.f64[i] = args[i]!;
    i32[L.fn] = fn;
    i32[L.argc] = args.length;
    if (split.kind === 'range') {
      i32[L.mode] = 1;
      i32[L.nIndex] = split.nIndex;
      i32[L.ptrMask] = split.pointers.reduce((m, i) => m | (1 << i), 0);
      i32[L.align] = split.align;
    } else i32[L.mode] = 0;
    i32[L.result] = 0;
    i32[L.error] = 0;
    Atomics.store(i32, L.done, 0);
    Atomics.store(i32, L.parts, p);
    this.generation = (this.generation + 1) & ((1 << (31 - L.partBits)) - 1);
    Atomics.store(i32, L.next, this.generation << L.partBits);
    Atomics.notify(i32, L.next);
    if (callerJoins || this.workers.length === 0) runParts(i32, this.f64, this.fns, L);
    let spins = 0;
    for (;;) {
      const d = Atomics.load(i32, L.done);
      if (d >= p) break;
      if (++spins < CALLER_SPIN || !this.canWait) continue;
      Atomics.wait(i32, L.done, d);
    }
    if (Atomics.load(i32, L.error) !== 0) throw new DescentError('threads', `optim-wasm: ${name} failed on a kernel thread`);
    return Atomics.load(i32, L.result);
  }

  /** Stop the workers (the core keeps working on the calling thread). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.i32, LAYOUT.stop, 1);
    Atomics.add(this.i32, LAYOUT.next, 1 << LAYOUT.partBits);
    Atomics.notify(this.i32, LAYOUT.next);
    for (const w of this.workers) void w.terminate();
  }
}

/** Atomics.wait throws on a browser's main thread; there the caller spins instead. */
function callerCanWait(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; document?: unknown };
  return Boolean(g.process?.versions?.node) || typeof g.document === 'undefined';
}
