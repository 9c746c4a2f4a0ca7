import { DescentError } from '../errors.js';

/** Every region is 16-byte aligned so f32x4 loads never straddle. */
export const ALIGN = 16;

/**
 * First-fit free-list allocator over a growable linear memory, with coalescing on free.
 * Repeating the same sequence of alloc/free (a training step) reuses the same blocks,
 * so steady state never grows memory. The free list is two parallel arrays of numbers sorted
 * by offset (no object per block, nothing allocated per call once they have their length).
 */
export class FreeListAllocator {
  private readonly freeOffsets: number[] = [];
  private readonly freeSizes: number[] = [];
  private end: number;
  private readonly live = new Map<number, number>();
  /** Bytes memory is known to hold (it never shrinks): asked again only when an end passes it. */
  private knownCapacity = 0;

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
    const offsets = this.freeOffsets;
    const sizes = this.freeSizes;
    for (let i = 0; i < offsets.length; i++) {
      const have = sizes[i]!;
      if (have >= size) {
        const offset = offsets[i]!;
        if (have === size) this.removeFree(i);
        else {
          offsets[i] = offset + size;
          sizes[i] = have - size;
        }
        this.live.set(offset, size);
        return offset;
      }
    }
    const offset = this.end;
    const needEnd = offset + size;
    // reading memory's size is an API call: skip it while the end stays inside known memory
    if (needEnd > this.knownCapacity) this.knownCapacity = this.capacity();
    if (needEnd > this.knownCapacity && !this.grow(needEnd)) {
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
    const offsets = this.freeOffsets;
    const sizes = this.freeSizes;
    // Insert sorted, then merge with neighbours.
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    this.insertFree(lo, offset, size);
    if (lo + 1 < offsets.length && offsets[lo]! + sizes[lo]! === offsets[lo + 1]) {
      sizes[lo] = sizes[lo]! + sizes[lo + 1]!;
      this.removeFree(lo + 1);
    }
    if (lo > 0 && offsets[lo - 1]! + sizes[lo - 1]! === offsets[lo]) {
      sizes[lo - 1] = sizes[lo - 1]! + sizes[lo]!;
      this.removeFree(lo);
    }
    // A free block touching the end gives its bytes back to the bump pointer.
    const last = offsets.length - 1;
    if (last >= 0 && offsets[last]! + sizes[last]! === this.end) {
      this.end = offsets[last]!;
      offsets.pop();
      sizes.pop();
    }
  }

  private insertFree(at: number, offset: number, size: number): void {
    const offsets = this.freeOffsets;
    const sizes = this.freeSizes;
    offsets.push(0);
    sizes.push(0);
    for (let j = offsets.length - 1; j > at; j--) {
      offsets[j] = offsets[j - 1]!;
      sizes[j] = sizes[j - 1]!;
    }
    offsets[at] = offset;
    sizes[at] = size;
  }

  private removeFree(at: number): void {
    const offsets = this.freeOffsets;
    const sizes = this.freeSizes;
    for (let j = at; j < offsets.length - 1; j++) {
      offsets[j] = offsets[j + 1]!;
      sizes[j] = sizes[j + 1]!;
    }
    offsets.pop();
    sizes.pop();
  }
}

export function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
