// Fused RMSprop (plain or centered, with or without momentum). Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p              (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   v = alpha*v + oma*g*g                         (oma = 1 - alpha)
//   centered: ga = alpha*ga + oma*g;  w = v - ga*ga      else w = v
//   avg = sqrt(w) + eps     (PyTorch)   |   sqrt(w + eps)   (epsInsideSqrt, TF/Keras)
//   momentum (PyTorch):  buf = mu*buf + g/avg;       p = p + negLr*buf
//   momentum (Keras):    buf = mu*buf + lr*g/avg;    p = p - buf          (lr = -negLr, inside the buffer)
//   else:                p = p + negLr * g/avg
// flags: 1 centered, 2 momentum, 4 epsInsideSqrt, 8 Keras momentum form (with 2).
// Returns the number of non-finite gradients read.
import { madd } from '../simd';
import { fusedLoop } from './common';
import { ema, emaSq, emaSqV, emaV } from './moments';

// @ts-ignore: decorator
@inline const CENTERED = 1;
// @ts-ignore: decorator
@inline const MOMENTUM = 2;
// @ts-ignore: decorator
@inline const INSIDE = 4;
// @ts-ignore: decorator
@inline const KERAS_MOMENTUM = 8;

class RmsProp {
  // @ts-ignore: decorator
  @inline vec(
    g: v128, p: v128, vAt: usize, gaAt: usize, bufAt: usize,
    negLr: v128, alpha: v128, oma: v128, eps: v128, mu: v128, lr: v128, _k6: v128, _k7: v128, _k8: v128, flags: i32,
  ): v128 {
    const v = emaSqV(vAt, alpha, oma, g);
    let w = v;
    if (flags & CENTERED) {
      const ga = emaV(gaAt, alpha, oma, g);
      w = f32x4.sub(v, f32x4.mul(ga, ga));
    }
    const avg = flags & INSIDE ? f32x4.sqrt(f32x4.add(w, eps)) : f32x4.add(f32x4.sqrt(w), eps);
    let d = f32x4.div(g, avg);
    if (flags & KERAS_MOMENTUM) {
      const buf = madd(mu, v128.load(bufAt), f32x4.mul(lr, d));
      v128.store(bufAt, buf);
      return f32x4.sub(p, buf);
    }
    if (flags & MOMENTUM) {
      d = madd(mu, v128.load(bufAt), d);
      v128.store(bufAt, d);
    }
    return madd(negLr, d, p);
  }

  // @ts-ignore: decorator
  @inline one(
    g: f32, p: f32, vAt: usize, gaAt: usize, bufAt: usize,
    negLr: f32, alpha: f32, oma: f32, eps: f32, mu: f32, lr: f32, _k6: f32, _k7: f32, _k8: f32, flags: i32,
  ): f32 {
    const v = emaSq(vAt, alpha, oma, g);
    let w = v;
    if (flags & CENTERED) {
      const ga = ema(gaAt, alpha, oma, g);
      w = v - ga * ga;
    }
    const avg = flags & INSIDE ? Mathf.sqrt(w + eps) : Mathf.sqrt(w) + eps;
    let d = g / avg;
    if (flags & KERAS_MOMENTUM) {
      const buf = mu * load<f32>(bufAt) + lr * d;
      store<f32>(bufAt, buf);
      return p - buf;
    }
    if (flags & MOMENTUM) {
      d = mu * load<f32>(bufAt) + d;
      store<f32>(bufAt, d);
    }
    return negLr * d + p;
  }
}

export function rmspropUpdate(
  pPtr: usize, gPtr: usize, vPtr: usize, gaPtr: usize, bufPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, negLr: f32, alpha: f32, oma: f32, eps: f32, mu: f32, flags: i32,
): i32 {
  const lr = -negLr;
  // One literal per case, so each flag combination compiles to its own loop (the Keras form
  // only matters with momentum, so it is dropped without).
  switch (flags & MOMENTUM ? flags & 15 : flags & 7) {
    case 0: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 0);
    case 1: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 1);
    case 2: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 2);
    case 3: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 3);
    case 4: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 4);
    case 5: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 5);
    case 6: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 6);
    case 7: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 7);
    case 10: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 10);
    case 11: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 11);
    case 14: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 14);
    default: return fusedLoop<RmsProp>(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, decay, negLr, alpha, oma, eps, mu, lr, 0, 0, 0, 15);
  }
}
