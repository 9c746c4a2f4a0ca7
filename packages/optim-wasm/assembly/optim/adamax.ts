// Fused Adamax (Adam with the infinity norm). Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p          (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   m = b1*m + omb1*g
//   PyTorch:          u = max(b2*u, |g| + eps);  p = p + negStep * m / u          (eps BEFORE the max)
//   epsOutsideMax:    u = max(b2*u, |g|);        p = p + negStep * m / (u + eps)  (Keras, TF.js)
// negStep = -lr/bc1. Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { fusedLoop } from './common';

/** Keras / TF.js: eps is added to the denominator, not inside the max. */
// @ts-ignore: decorator
@inline const EPS_OUTSIDE = 1;

class Adamax {
  // @ts-ignore: decorator
  @inline vec(
    g: v128, p: v128, mAt: usize, uAt: usize, _s2: usize,
    b1: v128, omb1: v128, b2: v128, negStep: v128, eps: v128, _k5: v128, _k6: v128, _k7: v128, _k8: v128, mode: i32,
  ): v128 {
    const m = madd(b1, v128.load(mAt), f32x4.mul(omb1, g));
    const absG = f32x4.abs(g);
    const u = f32x4.max(f32x4.mul(b2, v128.load(uAt)), mode & EPS_OUTSIDE ? absG : f32x4.add(absG, eps));
    v128.store(mAt, m);
    v128.store(uAt, u);
    return madd(negStep, f32x4.div(m, mode & EPS_OUTSIDE ? f32x4.add(u, eps) : u), p);
  }

  // @ts-ignore: decorator
  @inline one(
    g: f32, p: f32, mAt: usize, uAt: usize, _s2: usize,
    b1: f32, omb1: f32, b2: f32, negStep: f32, eps: f32, _k5: f32, _k6: f32, _k7: f32, _k8: f32, mode: i32,
  ): f32 {
    const m = b1 * load<f32>(mAt) + omb1 * g;
    const u = max(b2 * load<f32>(uAt), mode & EPS_OUTSIDE ? Mathf.abs(g) : Mathf.abs(g) + eps);
    store<f32>(mAt, m);
    store<f32>(uAt, u);
    return negStep * (m / (mode & EPS_OUTSIDE ? u + eps : u)) + p;
  }
}

export function adamaxUpdate(
  pPtr: usize, gPtr: usize, mPtr: usize, uPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, negStep: f32, eps: f32, epsOutsideMax: i32,
): i32 {
  if (epsOutsideMax) return fusedLoop<Adamax>(pPtr, gPtr, mPtr, uPtr, 0, n, gScale, l2, decay, b1, omb1, b2, negStep, eps, 0, 0, 0, 0, EPS_OUTSIDE);
  return fusedLoop<Adamax>(pPtr, gPtr, mPtr, uPtr, 0, n, gScale, l2, decay, b1, omb1, b2, negStep, eps, 0, 0, 0, 0, 0);
}
