// The loop every fused optimizer kernel shares, written once. Per element it reads g and p,
// counts a non-finite g (inf or NaN: g - g != 0) in the same pass, so reporting them costs no
// extra trip through memory, folds the sign and L2 decay into g (g = gScale*g + l2*p), shrinks
// p by decoupled weight decay (p = decay*p, decay = 1 - lr*wd: AdamW, Keras's weight_decay),
// then lets the rule update its slots and return the new p, which the loop stores. A new p that is
// inf or NaN sets a flag cell in the same pass (read and cleared by takeNonFiniteParams), so a
// caller that must not keep a non-finite parameter needs no second scan of the parameters.
//
// A rule is a stateless class with two @inline methods (AssemblyScript cannot call static
// methods of a type parameter, so the loop calls them on a null receiver that is never read):
//   vec(g, p, s0, s1, s2, k0..k8: v128, mode): v128    four lanes; s0..s2 = slot addresses
//   one(g, p, s0, s1, s2, k0..k8: f32, mode): f32      the scalar tail, same math per lane
// k0..k8 are the rule's scalars, splatted once before the loop (unused ones are dropped by the
// optimizer), and `mode` is a compile-time constant per call site, so each variant of a rule
// compiles to its own branch-free loop, as if written out by hand.
import { madd } from '../simd';

// 1 once a fused update wrote an inf/NaN parameter; zero-initialised static memory, shared by
// every kernel thread (they only ever store 1, so concurrent stores agree)
const PARAMS_BAD: usize = memory.data(4, 4);

/** 1 when a fused update since the last call wrote an inf/NaN parameter, else 0; clears the flag. */
export function takeNonFiniteParams(): i32 {
  const v = load<i32>(PARAMS_BAD);
  store<i32>(PARAMS_BAD, 0);
  return v;
}

// @ts-ignore: decorator
@inline export function fusedLoop<R>(
  pPtr: usize, gPtr: usize, s0: usize, s1: usize, s2: usize, n: i32, gScale: f32, l2: f32, decay: f32,
  k0: f32, k1: f32, k2: f32, k3: f32, k4: f32, k5: f32, k6: f32, k7: f32, k8: f32, mode: i32,
): i32 {
  // the common case (minimise, no weight decay) skips the fold and the shrink: each is its own
  // loop, so the default path carries no extra vector ops and no branch
  const fold = gScale != 1 || l2 != 0;
  if (decay != 1) {
    if (fold) return loop<R>(pPtr, gPtr, s0, s1, s2, n, gScale, l2, decay, k0, k1, k2, k3, k4, k5, k6, k7, k8, mode, true, true);
    return loop<R>(pPtr, gPtr, s0, s1, s2, n, gScale, l2, decay, k0, k1, k2, k3, k4, k5, k6, k7, k8, mode, false, true);
  }
  if (fold) return loop<R>(pPtr, gPtr, s0, s1, s2, n, gScale, l2, decay, k0, k1, k2, k3, k4, k5, k6, k7, k8, mode, true, false);
  return loop<R>(pPtr, gPtr, s0, s1, s2, n, gScale, l2, decay, k0, k1, k2, k3, k4, k5, k6, k7, k8, mode, false, false);
}

// @ts-ignore: decorator
@inline function loop<R>(
  pPtr: usize, gPtr: usize, s0: usize, s1: usize, s2: usize, n: i32, gScale: f32, l2: f32, decay: f32,
  k0: f32, k1: f32, k2: f32, k3: f32, k4: f32, k5: f32, k6: f32, k7: f32, k8: f32, mode: i32, fold: bool, shrink: bool,
): i32 {
  const rule = changetype<R>(0);
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2), vDecay = f32x4.splat(decay);
  const v0 = f32x4.splat(k0), v1 = f32x4.splat(k1), v2 = f32x4.splat(k2), v3 = f32x4.splat(k3), v4 = f32x4.splat(k4);
  const v5 = f32x4.splat(k5), v6 = f32x4.splat(k6), v7 = f32x4.splat(k7), v8 = f32x4.splat(k8);
  let bad = i32x4.splat(0);
  let pBad = i32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    let g = v128.load(at(gPtr, i));
    bad = i32x4.add(bad, badMask(g));
    let p = v128.load(at(pPtr, i));
    if (fold) g = madd(vL2, p, f32x4.mul(vGs, g));
    if (shrink) p = f32x4.mul(p, vDecay);
    const np = rule.vec(g, p, at(s0, i), at(s1, i), at(s2, i), v0, v1, v2, v3, v4, v5, v6, v7, v8, mode);
    pBad = v128.or(pBad, badMask(np));
    v128.store(at(pPtr, i), np);
  }
  let badTail = 0;
  let pBadTail = 0;
  for (; i < n; i++) {
    let g = load<f32>(at(gPtr, i));
    badTail += isBad(g);
    let p = load<f32>(at(pPtr, i));
    if (fold) g = l2 * p + gScale * g;
    if (shrink) p = p * decay;
    const np = rule.one(g, p, at(s0, i), at(s1, i), at(s2, i), k0, k1, k2, k3, k4, k5, k6, k7, k8, mode);
    pBadTail |= isBad(np);
    store<f32>(at(pPtr, i), np);
  }
  if (v128.any_true(pBad) || pBadTail) store<i32>(PARAMS_BAD, 1);
  return laneSum(bad) + badTail;
}

// @ts-ignore: decorator
@inline function badMask(g: v128): v128 {
  // all-ones lanes where g is inf or NaN (g - g is NaN there, 0 elsewhere)
  return f32x4.ne(f32x4.sub(g, g), f32x4.splat(0));
}

// @ts-ignore: decorator
@inline function laneSum(acc: v128): i32 {
  // lanes hold minus the count (masks are -1), so negate the sum
  return -(i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3));
}

// @ts-ignore: decorator
@inline function isBad(g: f32): i32 {
  return g - g != 0 ? 1 : 0;
}

// @ts-ignore: decorator
@inline function at(ptr: usize, i: i32): usize {
  return ptr + (<usize>i << 2);
}
