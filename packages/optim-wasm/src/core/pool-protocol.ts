// The kernel pool's protocol over a control block in the shared memory. These two functions
// run on the calling thread AND inside every worker: the worker source is built from their
// text (see pool.ts), so they must be self-contained (no imports, no outer names).

/** Slots of the control block (Int32 indices) and where the f64 argument list starts. */
export interface PoolLayout {
  /** Claim word: (generation << partBits) | next unclaimed part. Workers wait on it. */
  next: number;
  /** Parts finished in the current task; the caller waits on it. */
  done: number;
  parts: number;
  fn: number;
  /** 0: pass (part, parts) as two trailing arguments; 1: split the range [0, n) by pointers. */
  mode: number;
  argc: number;
  /** Range mode: index of the length argument, bitmask of byte-pointer arguments, split alignment. */
  nIndex: number;
  ptrMask: number;
  align: number;
  stop: number;
  /** Sum of the parts' integer results (the optimizer kernels count non-finite gradients). */
  result: number;
  error: number;
  ready: number;
  partBits: number;
  ints: number;
  /** Byte offset of the f64 argument list from the block's start. */
  argsByte: number;
  maxArgs: number;
}

export type KernelFn = (...args: number[]) => number | void;

/**
 * Claim and run parts of the current task until none is left. A part is claimed by a
 * compare-exchange on `next`, which carries the task's generation: a thread that read an old
 * task's word cannot claim a part of the next task, and the caller does not start a new task
 * before every part of this one is done, so the arguments read after a claim are this task's.
 * Which thread runs which part never changes a result: the parts partition the output.
 */
export function runParts(i32: Int32Array, f64: Float64Array, fns: readonly KernelFn[], L: PoolLayout): void {
  const partMask = (1 << L.partBits) - 1;
  for (;;) {
    const v = Atomics.load(i32, L.next);
    const part = v & partMask;
    const parts = Atomics.load(i32, L.parts);
    if (part >= parts) return;
    if (Atomics.compareExchange(i32, L.next, v, v + 1) !== v) continue;
    try {
      const argc = i32[L.argc]!;
      const args: number[] = [];
      for (let i = 0; i < argc; i++) args.push(f64[i]!);
      let run = true;
      if (i32[L.mode] === 1) {
        const nAt = i32[L.nIndex]!;
        const n = args[nAt]!;
        const align = i32[L.align]!;
        const chunk = Math.ceil(Math.ceil(n / parts) / align) * align;
        const start = part * chunk;
        const len = Math.min(chunk, n - start);
        run = len > 0;
        args[nAt] = len;
        const mask = i32[L.ptrMask]!;
        for (let i = 0; i < argc; i++) if (mask & (1 << i) && args[i] !== 0) args[i] = args[i]! + start * 4;
      } else {
        args.push(part, parts);
      }
      if (run) {
        const r = fns[i32[L.fn]!]!(...args);
        if (typeof r === 'number' && r !== 0) Atomics.add(i32, L.result, r | 0);
      }
    } catch {
      Atomics.store(i32, L.error, 1);
    }
    if (Atomics.add(i32, L.done, 1) + 1 === parts) Atomics.notify(i32, L.done);
  }
}

/** A worker's life: instantiate the module over the shared memory, then serve tasks until stopped. */
export function serveWorker(
  data: { module: WebAssembly.Module; memory: WebAssembly.Memory; base: number; names: string[]; layout: PoolLayout; spin: number },
  run: typeof runParts,
): void {
  const { module, memory, base, names, layout: L, spin } = data;
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, KernelFn>;
  const fns = names.map((n) => exports[n]!);
  // The control block sits below any later growth, so views over today's buffer stay valid.
  const i32 = new Int32Array(memory.buffer, base, L.ints);
  const f64 = new Float64Array(memory.buffer, base + L.argsByte, L.maxArgs);
  Atomics.add(i32, L.ready, 1);
  Atomics.notify(i32, L.ready);
  for (;;) {
    if (Atomics.load(i32, L.stop) !== 0) return;
    run(i32, f64, fns, L);
    // Idle: spin briefly (the next kernel of a training step usually follows within
    // microseconds), then sleep until the claim word changes.
    const v = Atomics.load(i32, L.next);
    const parts = Atomics.load(i32, L.parts);
    if ((v & ((1 << L.partBits) - 1)) < parts) continue;
    let s = 0;
    while (s < spin && Atomics.load(i32, L.next) === v) s++;
    if (s >= spin) Atomics.wait(i32, L.next, v);
  }
}
