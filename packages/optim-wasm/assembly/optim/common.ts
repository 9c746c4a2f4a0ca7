// Helpers shared by the fused optimizer kernels. Every kernel counts the non-finite gradient
// elements it reads (inf or NaN: g - g != 0) in the same pass, so reporting them costs no extra
// trip through memory.

// @ts-ignore: decorator
@inline export function badMask(g: v128): v128 {
  // all-ones lanes where g is inf or NaN (g - g is NaN there, 0 elsewhere)
  return f32x4.ne(f32x4.sub(g, g), f32x4.splat(0));
}

// @ts-ignore: decorator
@inline export function laneSum(acc: v128): i32 {
  // lanes hold minus the count (masks are -1), so negate the sum
  return -(i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3));
}

// @ts-ignore: decorator
@inline export function isBad(g: f32): i32 {
  return g - g != 0 ? 1 : 0;
}

// @ts-ignore: decorator
@inline export function at(ptr: usize, i: i32): usize {
  return ptr + (<usize>i << 2);
}
