// Fused Adagrad. Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p          (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   sum = sum + g*g
//   p = p + negClr * g / (sqrt(sum) + eps)      PyTorch (eps outside the root)
//   p = p + negClr * g / sqrt(sum + eps)        epsInsideSqrt (TF/Keras)
// negClr = -lr / (1 + (t-1)*lrDecay). Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { fusedLoop } from './common';

class Adagrad {
  // @ts-ignore: decorator
  @inline vec(
    g: v128, p: v128, sAt: usize, _s1: usize, _s2: usize,
    negClr: v128, eps: v128, _k2: v128, _k3: v128, _k4: v128, _k5: v128, _k6: v128, _k7: v128, _k8: v128, inside: i32,
  ): v128 {
    const s = madd(g, g, v128.load(sAt));
    v128.store(sAt, s);
    const std = inside ? f32x4.sqrt(f32x4.add(s, eps)) : f32x4.add(f32x4.sqrt(s), eps);
    return madd(negClr, f32x4.div(g, std), p);
  }

  // @ts-ignore: decorator
  @inline one(
    g: f32, p: f32, sAt: usize, _s1: usize, _s2: usize,
    negClr: f32, eps: f32, _k2: f32, _k3: f32, _k4: f32, _k5: f32, _k6: f32, _k7: f32, _k8: f32, inside: i32,
  ): f32 {
    const s = g * g + load<f32>(sAt);
    store<f32>(sAt, s);
    const std = inside ? Mathf.sqrt(s + eps) : Mathf.sqrt(s) + eps;
    return negClr * (g / std) + p;
  }
}

export function adagradUpdate(
  pPtr: usize, gPtr: usize, sPtr: usize, n: i32, gScale: f32, l2: f32, decay: f32, negClr: f32, eps: f32, epsInsideSqrt: i32,
): i32 {
  if (epsInsideSqrt) return fusedLoop<Adagrad>(pPtr, gPtr, sPtr, 0, 0, n, gScale, l2, decay, negClr, eps, 0, 0, 0, 0, 0, 0, 0, 1);
  return fusedLoop<Adagrad>(pPtr, gPtr, sPtr, 0, 0, n, gScale, l2, decay, negClr, eps, 0, 0, 0, 0, 0, 0, 0, 0);
}
