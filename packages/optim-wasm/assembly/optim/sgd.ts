// Fused SGD, plain, heavy-ball momentum or Nesterov, in either momentum form. Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p          (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   mode 0 (no momentum):  p = p + c*g                          (c = -lr)
//   mode 1/2:              buf = mu*buf + a*g
//                          d   = mode 2 (nesterov) ? gc*g + mu*buf : buf
//                          p   = p + c*d
// PyTorch form: a = 1 on the first step (buf = g) else 1 - dampening, gc = 1, c = -lr.
// Keras/Sutskever form (velocity holds -lr*g terms): a = gc = -lr, c = 1.
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { fusedLoop } from './common';

class Sgd {
  // @ts-ignore: decorator
  @inline vec(
    g: v128, p: v128, bufAt: usize, _s1: usize, _s2: usize,
    mu: v128, a: v128, gc: v128, c: v128, _k4: v128, _k5: v128, _k6: v128, _k7: v128, _k8: v128, mode: i32,
  ): v128 {
    let d = g;
    if (mode != 0) {
      const buf = madd(mu, v128.load(bufAt), f32x4.mul(a, g));
      v128.store(bufAt, buf);
      d = mode == 2 ? madd(gc, g, f32x4.mul(mu, buf)) : buf;
    }
    return madd(c, d, p);
  }

  // @ts-ignore: decorator
  @inline one(
    g: f32, p: f32, bufAt: usize, _s1: usize, _s2: usize,
    mu: f32, a: f32, gc: f32, c: f32, _k4: f32, _k5: f32, _k6: f32, _k7: f32, _k8: f32, mode: i32,
  ): f32 {
    let d = g;
    if (mode != 0) {
      const buf = mu * load<f32>(bufAt) + a * g;
      store<f32>(bufAt, buf);
      d = mode == 2 ? gc * g + mu * buf : buf;
    }
    return c * d + p;
  }
}

export function sgdUpdate(
  pPtr: usize, gPtr: usize, bufPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, mu: f32, a: f32, gc: f32, c: f32, mode: i32,
): i32 {
  if (mode == 0) return fusedLoop<Sgd>(pPtr, gPtr, bufPtr, 0, 0, n, gScale, l2, decay, mu, a, gc, c, 0, 0, 0, 0, 0, 0);
  if (mode == 1) return fusedLoop<Sgd>(pPtr, gPtr, bufPtr, 0, 0, n, gScale, l2, decay, mu, a, gc, c, 0, 0, 0, 0, 0, 1);
  return fusedLoop<Sgd>(pPtr, gPtr, bufPtr, 0, 0, n, gScale, l2, decay, mu, a, gc, c, 0, 0, 0, 0, 0, 2);
}
