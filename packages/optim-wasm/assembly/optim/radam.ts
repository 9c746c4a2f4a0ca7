// Fused RAdam. Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p          (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   m = b1*m + omb1*g;    v = b2*v + omb2*g*g
//   adaptive (rho_t > 5): p = p + negStep * m / (sqrt(v) + eps)   (negStep = -lr*rect*sqrt(bc2)/bc1)
//   else:                 p = p + negStep * m                      (negStep = -lr/bc1)
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { fusedLoop } from './common';
import { ema, emaSq, emaSqV, emaV } from './moments';

class RAdam {
  // @ts-ignore: decorator
  @inline vec(
    g: v128, p: v128, mAt: usize, vAt: usize, _s2: usize,
    b1: v128, omb1: v128, b2: v128, omb2: v128, negStep: v128, eps: v128, _k6: v128, _k7: v128, _k8: v128,
    adaptive: i32,
  ): v128 {
    const m = emaV(mAt, b1, omb1, g);
    const v = emaSqV(vAt, b2, omb2, g);
    const upd = adaptive ? f32x4.div(m, f32x4.add(f32x4.sqrt(v), eps)) : m;
    return madd(negStep, upd, p);
  }

  // @ts-ignore: decorator
  @inline one(
    g: f32, p: f32, mAt: usize, vAt: usize, _s2: usize,
    b1: f32, omb1: f32, b2: f32, omb2: f32, negStep: f32, eps: f32, _k6: f32, _k7: f32, _k8: f32,
    adaptive: i32,
  ): f32 {
    const m = ema(mAt, b1, omb1, g);
    const v = emaSq(vAt, b2, omb2, g);
    const upd = adaptive ? m / (Mathf.sqrt(v) + eps) : m;
    return negStep * upd + p;
  }
}

export function radamUpdate(
  pPtr: usize, gPtr: usize, mPtr: usize, vPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, negStep: f32, eps: f32, adaptive: i32,
): i32 {
  if (adaptive) return fusedLoop<RAdam>(pPtr, gPtr, mPtr, vPtr, 0, n, gScale, l2, decay, b1, omb1, b2, omb2, negStep, eps, 0, 0, 0, 1);
  return fusedLoop<RAdam>(pPtr, gPtr, mPtr, vPtr, 0, n, gScale, l2, decay, b1, omb1, b2, omb2, negStep, eps, 0, 0, 0, 0);
}
