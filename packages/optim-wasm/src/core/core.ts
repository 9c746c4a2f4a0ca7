import { DescentError } from '../errors.js';
import { FreeListAllocator } from './allocator.js';
import { F32Buffer } from './buffer.js';
import type { CoreExports } from './exports.js';
import type { KernelPool } from './pool.js';

/** The core builds: 'simd' (same bits everywhere) and 'relaxed' (fast mode: relaxed-SIMD fused multiply-add). */
export type CoreVariant = 'simd' | 'relaxed';

const PAGE = 65536;

/**
 * One instance of the WASM module with its own memory. Two lifetimes:
 * - persistent buffers (`alloc` outside any scope, or `persistent`) live until `free()`;
 * - buffers allocated inside `tidy`/`scope` are released when the scope ends, unless kept.
 * Only pointers, lengths and scalars cross into WASM.
 */
export class Core {
  readonly memory: WebAssembly.Memory;
  readonly exports: CoreExports;
  readonly variant: CoreVariant;
  private readonly allocator: FreeListAllocator;
  private readonly scopes: Set<F32Buffer>[] = [];
  private growEvents = 0;
  private kernelPool: KernelPool | undefined;
  /** The most bytes linear memory may grow to (`maxBytes`, default 4 GiB − 64 KiB). */
  readonly memoryLimit: number;
  private heapF32: Float32Array | null = null;

  /** `memory`: the imported (shared) memory of a threads build; by default the module's own. */
  constructor(instance: WebAssembly.Instance, variant: CoreVariant, maxBytes?: number, memory?: WebAssembly.Memory) {
    this.exports = instance.exports as unknown as CoreExports;
    this.memory = memory ?? this.exports.memory;
    this.variant = variant;
    const limit = maxBytes ?? 4 * 1024 * 1024 * 1024 - PAGE;
    this.memoryLimit = limit;
    this.allocator = new FreeListAllocator(
      this.exports.heapBase(),
      (minEnd) => {
        if (minEnd > limit) return false;
        const have = this.memory.buffer.byteLength;
        // Grow geometrically so a growing dataset does not grow memory page by page.
        const want = Math.min(Math.max(minEnd, have * 1.5), limit);
        try {
          this.memory.grow(Math.ceil((want - have) / PAGE));
        } catch {
          try {
            this.memory.grow(Math.ceil((minEnd - have) / PAGE));
          } catch {
            return false;
          }
        }
        this.growEvents++;
        return true;
      },
      () => this.memory.buffer.byteLength,
    );
  }

  /** Threads that run large kernels (1: everything on the calling thread). */
  get threads(): number {
    return this.kernelPool?.size ?? 1;
  }

  /** The kernel thread pool, when the core was loaded with `threads` > 1. */
  get pool(): KernelPool | undefined {
    return this.kernelPool;
  }

  /** Called once by the loader. */
  attachPool(pool: KernelPool): void {
    this.kernelPool = pool;
  }

  /** Stop the kernel threads; the core keeps working on the calling thread. */
  close(): void {
    this.kernelPool?.close();
    this.kernelPool = undefined;
  }

  /** Bytes of WASM linear memory (grows, never shrinks). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes currently allocated to live buffers. */
  get liveBytes(): number {
    return this.allocator.liveBytes;
  }

  /** Heap high-water mark; constant across steady-state training steps. */
  get heapTop(): number {
    return this.allocator.top;
  }

  get growCount(): number {
    return this.growEvents;
  }

  /** A zero-filled f32 buffer of `length` elements. Inside a scope it is released with the scope. */
  alloc(length: number, op = 'alloc'): F32Buffer {
    if (!Number.isInteger(length) || length < 0) {
      throw new DescentError('shape', `${op}: length must be a non-negative integer, got ${length}`);
    }
    const ptr = this.allocator.alloc(length * 4);
    const buf = new F32Buffer(this, ptr, length);
    if (length > 0) this.exports.fill(ptr, length, 0);
    const top = this.scopes[this.scopes.length - 1];
    if (top) top.add(buf);
    return buf;
  }

  /** An uninitialised buffer: for kernels that overwrite every element. */
  allocUninit(length: number, op = 'alloc'): F32Buffer {
    if (!Number.isInteger(length) || length < 0) {
      throw new DescentError('shape', `${op}: length must be a non-negative integer, got ${length}`);
    }
    const buf = new F32Buffer(this, this.allocator.alloc(length * 4), length);
    const top = this.scopes[this.scopes.length - 1];
    if (top) top.add(buf);
    return buf;
  }

  /** A buffer that outlives every scope (parameters, optimizer state, datasets). */
  persistent(length: number): F32Buffer {
    const buf = this.alloc(length);
    this.keep(buf);
    return buf;
  }

  /** A persistent buffer holding a copy of `data`. */
  fromArray(data: ArrayLike<number>, persistent = false): F32Buffer {
    const buf = persistent ? this.persistent(data.length) : this.allocUninit(data.length);
    buf.write(data);
    return buf;
  }

  /** Exempt a buffer from every enclosing scope. */
  keep<T extends F32Buffer>(buf: T): T {
    for (const s of this.scopes) s.delete(buf);
    return buf;
  }

  /**
   * Run `fn` in a scope: every buffer allocated inside is freed at the end, except the ones
   * returned (a buffer, or an array/object of buffers) or passed to `keep`.
   */
  tidy<T>(fn: () => T): T {
    const scope = new Set<F32Buffer>();
    this.scopes.push(scope);
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.scopes.pop();
      for (const b of scope) b.free();
      throw e;
    }
    this.scopes.pop();
    const kept = new Set<F32Buffer>();
    collectBuffers(result, kept, 0);
    const parent = this.scopes[this.scopes.length - 1];
    for (const b of scope) {
      if (kept.has(b)) parent?.add(b);
      else b.free();
    }
    return result;
  }

  /** Called by F32Buffer.free. */
  release(buf: F32Buffer): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) this.scopes[i]!.delete(buf);
    if (buf.length > 0 || buf.ptr !== 0) this.allocator.release(buf.ptr);
  }

  /**
   * The f32 at byte address `ptr` (4-aligned), through one view of memory kept until memory
   * grows: reading a loss or a scalar costs no view or copy.
   */
  readF32(ptr: number): number {
    let v = this.heapF32;
    if (v === null || v.buffer !== this.memory.buffer) this.heapF32 = v = new Float32Array(this.memory.buffer);
    return v[ptr >> 2]!;
  }

  /** A fresh f32 view of all of memory; re-derive after any call that may allocate. */
  f32(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  /** A fresh i32 view of all of memory; re-derive after any call that may allocate. */
  i32(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }
}

function collectBuffers(value: unknown, out: Set<F32Buffer>, depth: number): void {
  if (depth > 3 || value === null || typeof value !== 'object') return;
  if (value instanceof F32Buffer) {
    out.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectBuffers(v, out, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectBuffers(v, out, depth + 1);
  }
}
