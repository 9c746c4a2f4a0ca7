import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';

/**
 * A small persistent region per core for kernel metadata (shapes, strides, odometer indices,
 * a scalar slot) and f64 accumulators. It grows to the largest request and is reused, so
 * repeated calls never grow memory. The int32/f64 views are cached until `memory.grow`
 * replaces the buffer.
 */
export class Scratch {
  private region: F32Buffer | undefined;
  private i32View = new Int32Array(0);
  private f32View = new Float32Array(0);

  constructor(private readonly core: Core) {}

  /** Byte offset of a region of at least `bytes` bytes (16-byte aligned). */
  reserve(bytes: number): number {
    const floats = Math.ceil(bytes / 4);
    if (!this.region || this.region.length < floats) {
      this.region?.free();
      const grown = Math.max(floats, 2 * (this.region?.length ?? 0), 256);
      this.region = this.core.persistent(grown);
    }
    return this.region.ptr;
  }

  /** Write int32 values at `ptr` (bytes); the view is re-derived only after memory grows. */
  writeInts(ptr: number, values: readonly number[]): void {
    if (this.i32View.buffer !== this.core.memory.buffer) this.i32View = new Int32Array(this.core.memory.buffer);
    const base = ptr >> 2;
    for (let i = 0; i < values.length; i++) this.i32View[base + i] = values[i]!;
  }

  /** The current f32 view of memory (cached). */
  f32(): Float32Array {
    if (this.f32View.buffer !== this.core.memory.buffer) this.f32View = new Float32Array(this.core.memory.buffer);
    return this.f32View;
  }

  /** The current int32 view of memory (cached). */
  i32(): Int32Array {
    if (this.i32View.buffer !== this.core.memory.buffer) this.i32View = new Int32Array(this.core.memory.buffer);
    return this.i32View;
  }

  /** Elements currently reserved (for tests of steady state). */
  get capacity(): number {
    return this.region?.length ?? 0;
  }
}

const byCore = new WeakMap<Core, Scratch>();

export function scratchFor(core: Core): Scratch {
  let s = byCore.get(core);
  if (!s) byCore.set(core, (s = new Scratch(core)));
  return s;
}
