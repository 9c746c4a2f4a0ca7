// Fused Adagrad. Scalars from JS:
//   g = gScale*g + l2*p
//   sum = sum + g*g
//   p = p + negClr * g / (sqrt(sum) + eps)      PyTorch (eps outside the root)
//   p = p + negClr * g / sqrt(sum + eps)        epsInsideSqrt (TF/Keras)
// negClr = -lr / (1 + (t-1)*lrDecay). Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { at, badMask, isBad, laneSum } from './common';

// @ts-ignore: decorator
@inline function adagradLoop(
  pPtr: usize, gPtr: usize, sPtr: usize, n: i32, gScale: f32, l2: f32, negClr: f32, eps: f32, inside: bool,
): i32 {
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2), vStep = f32x4.splat(negClr), vEps = f32x4.splat(eps);
  let bad = i32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    let g = v128.load(at(gPtr, i));
    bad = i32x4.add(bad, badMask(g));
    const p = v128.load(at(pPtr, i));
    g = madd(vL2, p, f32x4.mul(vGs, g));
    const s = madd(g, g, v128.load(at(sPtr, i)));
    v128.store(at(sPtr, i), s);
    const std = inside ? f32x4.sqrt(f32x4.add(s, vEps)) : f32x4.add(f32x4.sqrt(s), vEps);
    v128.store(at(pPtr, i), madd(vStep, f32x4.div(g, std), p));
  }
  let badTail = 0;
  for (; i < n; i++) {
    let g = load<f32>(at(gPtr, i));
    badTail += isBad(g);
    const p = load<f32>(at(pPtr, i));
    g = l2 * p + gScale * g;
    const s = g * g + load<f32>(at(sPtr, i));
    store<f32>(at(sPtr, i), s);
    const std = inside ? Mathf.sqrt(s + eps) : Mathf.sqrt(s) + eps;
    store<f32>(at(pPtr, i), negClr * (g / std) + p);
  }
  return laneSum(bad) + badTail;
}

export function adagradUpdate(
  pPtr: usize, gPtr: usize, sPtr: usize, n: i32, gScale: f32, l2: f32, negClr: f32, eps: f32, epsInsideSqrt: i32,
): i32 {
  if (epsInsideSqrt) return adagradLoop(pPtr, gPtr, sPtr, n, gScale, l2, negClr, eps, true);
  return adagradLoop(pPtr, gPtr, sPtr, n, gScale, l2, negClr, eps, false);
}
