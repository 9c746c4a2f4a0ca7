// Fused Adadelta. Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p          (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   v = rho*v + omr*g*g                          (omr = 1 - rho)
//   delta = sqrt(u + eps) / sqrt(v + eps) * g    (eps inside both roots)
//   u = rho*u + omr*delta*delta
//   p = p + negLr * delta
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { fusedLoop } from './common';
import { blend, blendV, emaSq, emaSqV } from './moments';

class Adadelta {
  // @ts-ignore: decorator
  @inline vec(
    g: v128, p: v128, vAt: usize, uAt: usize, _s2: usize,
    negLr: v128, rho: v128, omr: v128, eps: v128, _k4: v128, _k5: v128, _k6: v128, _k7: v128, _k8: v128, _mode: i32,
  ): v128 {
    const v = emaSqV(vAt, rho, omr, g);
    const u0 = v128.load(uAt);
    const delta = f32x4.mul(f32x4.div(f32x4.sqrt(f32x4.add(u0, eps)), f32x4.sqrt(f32x4.add(v, eps))), g);
    v128.store(uAt, blendV(u0, rho, omr, f32x4.mul(delta, delta)));
    return madd(negLr, delta, p);
  }

  // @ts-ignore: decorator
  @inline one(
    g: f32, p: f32, vAt: usize, uAt: usize, _s2: usize,
    negLr: f32, rho: f32, omr: f32, eps: f32, _k4: f32, _k5: f32, _k6: f32, _k7: f32, _k8: f32, _mode: i32,
  ): f32 {
    const v = emaSq(vAt, rho, omr, g);
    const u0 = load<f32>(uAt);
    const delta = (Mathf.sqrt(u0 + eps) / Mathf.sqrt(v + eps)) * g;
    store<f32>(uAt, blend(u0, rho, omr, delta * delta));
    return negLr * delta + p;
  }
}

export function adadeltaUpdate(
  pPtr: usize, gPtr: usize, vPtr: usize, uPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, negLr: f32, rho: f32, omr: f32, eps: f32,
): i32 {
  return fusedLoop<Adadelta>(pPtr, gPtr, vPtr, uPtr, 0, n, gScale, l2, decay, negLr, rho, omr, eps, 0, 0, 0, 0, 0, 0);
}
