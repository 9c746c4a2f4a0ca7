// The running averages the adaptive rules share (Adam's two moments, RMSprop's and Adadelta's
// square averages), for four lanes and for the scalar tail:
//   slot = b*slot + omb*x          (omb = 1 - b, rounded once on the JS side)
// Each helper reads its slot, stores the new value back and returns it. They are @inline, so
// every rule still compiles to one branch-free loop; the scalar form keeps the f32 expression
// b*s + omb*x (no fusion), the vector form uses madd (fused in the relaxed build), as before.
import { madd } from '../simd';

/** b·old + omb·x in four lanes. */
// @ts-ignore: decorator
@inline export function blendV(old: v128, b: v128, omb: v128, x: v128): v128 {
  return madd(b, old, f32x4.mul(omb, x));
}

/** slot := b·slot + omb·x (four lanes at `at`); returns the new value. */
// @ts-ignore: decorator
@inline export function emaV(at: usize, b: v128, omb: v128, x: v128): v128 {
  const s = blendV(v128.load(at), b, omb, x);
  v128.store(at, s);
  return s;
}

/** slot := b·slot + omb·g² (four lanes): a second moment. */
// @ts-ignore: decorator
@inline export function emaSqV(at: usize, b: v128, omb: v128, g: v128): v128 {
  return emaV(at, b, omb, f32x4.mul(g, g));
}

/** b·old + omb·x for one element. */
// @ts-ignore: decorator
@inline export function blend(old: f32, b: f32, omb: f32, x: f32): f32 {
  return b * old + omb * x;
}

/** slot := b·slot + omb·x for the element at `at`; returns the new value. */
// @ts-ignore: decorator
@inline export function ema(at: usize, b: f32, omb: f32, x: f32): f32 {
  const s = blend(load<f32>(at), b, omb, x);
  store<f32>(at, s);
  return s;
}

/** slot := b·slot + omb·g² for one element. */
// @ts-ignore: decorator
@inline export function emaSq(at: usize, b: f32, omb: f32, g: f32): f32 {
  return ema(at, b, omb, g * g);
}
