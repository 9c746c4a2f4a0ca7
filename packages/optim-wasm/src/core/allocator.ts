import { DescentError } from '../errors.js';

/** Every region is 16-byte aligned so f32x4 loads never straddle. */
export const ALIGN = 16;

interface Block {
  offset: number;
  size: number;
}

/**
 * First-fit free-list allocator over a growable linear memory, with coalescing on free.
 * Repeating the same sequence of alloc/free (a training step) reuses the same blocks,
 * so steady state never grows memory.
 */
export class FreeListAllocator {
  private free: Block[] = [];
  private end: number;
  private readonly live = new Map<number, number>();

  constructor(
    base: number,
    private readonly grow: (minEnd: number) => boolean,
    private capacity: () => number,
  ) {
    this.end = align(base);
  }

  /** Bytes currently handed out. */
  get liveBytes(): number {
    let s = 0;
    for (const v of this.live.values()) s += v;
    return s;
  }

  /** High-water mark of the heap (bytes from 0). */
  get top(): number {
    return this.end;
  }

  alloc(bytes: number): number {
    const size = Math.max(ALIGN, align(bytes));
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i]!;
      if (b.size >= size) {
        const offset = b.offset;
        if (b.size === size) this.free.splice(i, 1);
        else {
          b.offset += size;
          b.size -= size;
        }
        this.live.set(offset, size);
        return offset;
      }
    }
    const offset = this.end;
    const needEnd = offset + size;
    if (needEnd > this.capacity() && !this.grow(needEnd)) {
      throw new DescentError(
        'out-of-memory',
        `optim-wasm: out of memory: cannot allocate ${bytes} bytes (heap at ${this.end} bytes, limit ${this.capacity()} bytes reached)`,
      );
    }
    this.end = needEnd;
    this.live.set(offset, size);
    return offset;
  }

  release(offset: number): void {
    const size = this.live.get(offset);
    if (size === undefined) throw new DescentError('double-free', `optim-wasm: region at ${offset} is not allocated`);
    this.live.delete(offset);
    // Insert sorted, then merge with neighbours.
    let lo = 0;
    let hi = this.free.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.free[mid]!.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    this.free.splice(lo, 0, { offset, size });
    const next = this.free[lo + 1];
    const cur = this.free[lo]!;
    if (next && cur.offset + cur.size === next.offset) {
      cur.size += next.size;
      this.free.splice(lo + 1, 1);
    }
    const prev = this.free[lo - 1];
    if (prev && prev.offset + prev.size === cur.offset) {
      prev.size += cur.size;
      this.free.splice(lo, 1);
    }
    // A free block touching the end gives its bytes back to the bump pointer.
    const last = this.free[this.free.length - 1];
    if (last && last.offset + last.size === this.end) {
      this.end = last.offset;
      this.free.pop();
    }
  }
}

export function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
