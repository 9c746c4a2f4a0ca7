// Fused Adam / AdamW (and AMSGrad), one read and one write of p, m, v per element.
// The JS side folds bias corrections, the ε̂ convention and weight decay into scalars:
//   g  = gScale*g + l2*p            (gScale = -1 when maximizing; l2 = weight decay unless decoupled)
//   p  = decay*p                    (decay = 1 - lr*wd when decoupled (AdamW), else 1; in the shared loop)
//   m  = b1*m + omb1*g             (omb1 = 1-b1 rounded once from f64; likewise omb2)
//   v  = b2*v + omb2*g*g
//   vmax = max(vmax, v), used instead of v     (amsgrad)
//   p  = p + negStep * m / (sqrt(v)*denomScale + eps)
// PyTorch: negStep = -lr/bc1, denomScale = 1/sqrt(bc2). Keras ε̂: negStep = -lr*sqrt(bc2)/bc1, denomScale = 1.
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { fusedLoop } from './common';
import { ema, emaSq, emaSqV, emaV } from './moments';

class Adam {
  // @ts-ignore: decorator
  @inline vec(
    g: v128, p: v128, mAt: usize, vAt: usize, vmaxAt: usize,
    b1: v128, omb1: v128, b2: v128, omb2: v128, negStep: v128, denomScale: v128, eps: v128, _k7: v128, _k8: v128,
    amsgrad: i32,
  ): v128 {
    const m = emaV(mAt, b1, omb1, g);
    let v = emaSqV(vAt, b2, omb2, g);
    if (amsgrad) {
      v = f32x4.max(v128.load(vmaxAt), v);
      v128.store(vmaxAt, v);
    }
    const denom = madd(f32x4.sqrt(v), denomScale, eps);
    return madd(negStep, f32x4.div(m, denom), p);
  }

  // @ts-ignore: decorator
  @inline one(
    g: f32, p: f32, mAt: usize, vAt: usize, vmaxAt: usize,
    b1: f32, omb1: f32, b2: f32, omb2: f32, negStep: f32, denomScale: f32, eps: f32, _k7: f32, _k8: f32,
    amsgrad: i32,
  ): f32 {
    const m = ema(mAt, b1, omb1, g);
    let v = emaSq(vAt, b2, omb2, g);
    if (amsgrad) {
      v = max(load<f32>(vmaxAt), v);
      store<f32>(vmaxAt, v);
    }
    return negStep * (m / (Mathf.sqrt(v) * denomScale + eps)) + p;
  }
}

export function adamUpdate(
  pPtr: usize, gPtr: usize, mPtr: usize, vPtr: usize, vmaxPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, negStep: f32, denomScale: f32, eps: f32, amsgrad: i32,
): i32 {
  // amsgrad is a compile-time constant per call: each variant is its own branch-free loop
  if (amsgrad) return fusedLoop<Adam>(pPtr, gPtr, mPtr, vPtr, vmaxPtr, n, gScale, l2, decay, b1, omb1, b2, omb2, negStep, denomScale, eps, 0, 0, 1);
  return fusedLoop<Adam>(pPtr, gPtr, mPtr, vPtr, vmaxPtr, n, gScale, l2, decay, b1, omb1, b2, omb2, negStep, denomScale, eps, 0, 0, 0);
}
