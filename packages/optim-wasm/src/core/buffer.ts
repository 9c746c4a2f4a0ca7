import { DescentError } from '../errors.js';
import type { Core } from './core.js';
import { checkNumeric } from '../shape.js';

/**
 * A region of f32 in a core's memory: `(ptr, length)`. The handle never caches a typed-array
 * view, because `memory.grow` detaches views; `view()` derives a fresh one.
 */
export class F32Buffer {
  private alive = true;
  constructor(
    readonly core: Core,
    readonly ptr: number,
    readonly length: number,
    /** Set for a view into a larger region (a parameter in the flat arena): freeing it is a no-op. */
    readonly parent?: F32Buffer,
  ) {}

  /** A view of `length` elements starting at element `offset`; it shares memory and lifetime. */
  subarray(offset: number, length: number): F32Buffer {
    this.assertAlive('subarray');
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.length) {
      throw new DescentError('shape', `F32Buffer.subarray: range [${offset}, ${offset + length}) is outside a buffer of length ${this.length}`);
    }
    return new F32Buffer(this.core, this.ptr + offset * 4, length, this.parent ?? this);
  }

  get isAlive(): boolean {
    return this.alive && (this.parent?.isAlive ?? true);
  }

  /** A live view into WASM memory; do not keep it across calls that may allocate. */
  view(): Float32Array {
    this.assertAlive('view');
    return new Float32Array(this.core.memory.buffer, this.ptr, this.length);
  }

  /** Element `i` (no view or copy made). */
  get(i: number): number {
    if (!this.isAlive) this.assertAlive('get');
    if (!(i >= 0 && i < this.length)) throw new DescentError('shape', `F32Buffer.get: index ${i} is outside a buffer of length ${this.length}`);
    return this.core.readF32(this.ptr + 4 * i);
  }

  /** A copy of the contents. */
  read(): Float32Array {
    return this.view().slice();
  }

  /** Copy `data` in, starting at element `offset` (rounded to f32; must fit). */
  write(data: ArrayLike<number>, offset = 0): this {
    this.assertAlive('write');
    checkNumeric(data, 'F32Buffer.write', 'data');
    if (offset < 0 || offset + data.length > this.length) {
      throw new DescentError(
        'shape',
        `F32Buffer.write: ${data.length} values at offset ${offset} do not fit a buffer of length ${this.length}`,
      );
    }
    this.view().set(data, offset);
    return this;
  }

  /** Set every element to `value`. */
  fill(value: number): this {
    this.assertAlive('fill');
    this.core.exports.fill(this.ptr, this.length, value);
    return this;
  }

  /** Give the memory back (views of it die with it); freeing twice does nothing. */
  free(): void {
    if (!this.alive) return;
    this.alive = false;
    if (!this.parent) this.core.release(this);
  }

  /** Whether the two regions share any byte (in-place kernels reject aliased operands). */
  overlaps(other: F32Buffer): boolean {
    return this.core === other.core && this.ptr < other.ptr + other.length * 4 && other.ptr < this.ptr + this.length * 4;
  }

  /** Used by kernel wrappers: a clear error instead of reading freed memory. */
  assertAlive(op: string): void {
    if (!this.isAlive) throw new DescentError('freed', `${op}: buffer (ptr ${this.ptr}, length ${this.length}) was freed`);
  }
}
