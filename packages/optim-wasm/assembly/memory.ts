// Memory primitives. The JS side owns allocation (see src/core/allocator.ts); the module only
// reports where free memory starts and offers fast fill and copy.

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

export function isRelaxedBuild(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

export function fill(outPtr: usize, n: i32, value: f32): void {
  // +0 is all zero bytes: the engine's memset (bulk memory) beats a store loop on large regions
  if (reinterpret<u32>(value) == 0) {
    memory.fill(outPtr, 0, <usize>n << 2);
    return;
  }
  const v = f32x4.splat(value);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) v128.store(outPtr + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(outPtr + (<usize>i << 2), value);
}

export function copy(srcPtr: usize, outPtr: usize, n: i32): void {
  memory.copy(outPtr, srcPtr, <usize>n << 2);
}
