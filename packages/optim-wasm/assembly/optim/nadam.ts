// Fused NAdam (Dozat; PyTorch >= 2.0 mu_product rule). Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p          (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   m = b1*m + omb1*g;    v = b2*v + omb2*g*g
//   denom = sqrt(v)*denomScale + eps            (denomScale = 1/sqrt(bc2))
//   p = p + (cg*g + cm*m) / denom               (cg = -lr(1-mu_t)/(1-mu_prod), cm = -lr*mu_t1/(1-mu_prod*mu_t1))
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { fusedLoop } from './common';
import { ema, emaSq, emaSqV, emaV } from './moments';

class NAdam {
  // @ts-ignore: decorator
  @inline vec(
    g: v128, p: v128, mAt: usize, vAt: usize, _s2: usize,
    b1: v128, omb1: v128, b2: v128, omb2: v128, cg: v128, cm: v128, denomScale: v128, eps: v128, _k8: v128, _mode: i32,
  ): v128 {
    const m = emaV(mAt, b1, omb1, g);
    const v = emaSqV(vAt, b2, omb2, g);
    const denom = madd(f32x4.sqrt(v), denomScale, eps);
    return f32x4.add(p, f32x4.div(madd(cg, g, f32x4.mul(cm, m)), denom));
  }

  // @ts-ignore: decorator
  @inline one(
    g: f32, p: f32, mAt: usize, vAt: usize, _s2: usize,
    b1: f32, omb1: f32, b2: f32, omb2: f32, cg: f32, cm: f32, denomScale: f32, eps: f32, _k8: f32, _mode: i32,
  ): f32 {
    const m = ema(mAt, b1, omb1, g);
    const v = emaSq(vAt, b2, omb2, g);
    return p + (cg * g + cm * m) / (Mathf.sqrt(v) * denomScale + eps);
  }
}

export function nadamUpdate(
  pPtr: usize, gPtr: usize, mPtr: usize, vPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, cg: f32, cm: f32, denomScale: f32, eps: f32,
): i32 {
  return fusedLoop<NAdam>(pPtr, gPtr, mPtr, vPtr, 0, n, gScale, l2, decay, b1, omb1, b2, omb2, cg, cm, denomScale, eps, 0, 0);
}
