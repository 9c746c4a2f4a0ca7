// Fused RAdam. Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p          (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   m = b1*m + omb1*g;    v = b2*v + omb2*g*g
//   adaptive (rho_t > 5): p = p + negStep * m / (sqrt(v) + eps)   (negStep = -lr*rect*sqrt(bc2)/bc1)
//   else:                 p = p + negStep * m                      (negStep = -lr/bc1)
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { at, badMask, isBad, laneSum } from './common';

// @ts-ignore: decorator
@inline function radamLoop(
  pPtr: usize, gPtr: usize, mPtr: usize, vPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, negStep: f32, eps: f32, adaptive: bool,
): i32 {
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2), vDecay = f32x4.splat(decay);
  const vB1 = f32x4.splat(b1), vOmb1 = f32x4.splat(omb1), vB2 = f32x4.splat(b2), vOmb2 = f32x4.splat(omb2);
  const vStep = f32x4.splat(negStep), vEps = f32x4.splat(eps);
  let bad = i32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    let g = v128.load(at(gPtr, i));
    bad = i32x4.add(bad, badMask(g));
    let p = v128.load(at(pPtr, i));
    g = madd(vL2, p, f32x4.mul(vGs, g));
    p = f32x4.mul(p, vDecay);
    const m = madd(vB1, v128.load(at(mPtr, i)), f32x4.mul(vOmb1, g));
    const v = madd(vB2, v128.load(at(vPtr, i)), f32x4.mul(vOmb2, f32x4.mul(g, g)));
    v128.store(at(mPtr, i), m);
    v128.store(at(vPtr, i), v);
    const upd = adaptive ? f32x4.div(m, f32x4.add(f32x4.sqrt(v), vEps)) : m;
    v128.store(at(pPtr, i), madd(vStep, upd, p));
  }
  let badTail = 0;
  for (; i < n; i++) {
    let g = load<f32>(at(gPtr, i));
    badTail += isBad(g);
    let p = load<f32>(at(pPtr, i));
    g = l2 * p + gScale * g;
    p = p * decay;
    const m = b1 * load<f32>(at(mPtr, i)) + omb1 * g;
    const v = b2 * load<f32>(at(vPtr, i)) + omb2 * (g * g);
    store<f32>(at(mPtr, i), m);
    store<f32>(at(vPtr, i), v);
    const upd = adaptive ? m / (Mathf.sqrt(v) + eps) : m;
    store<f32>(at(pPtr, i), negStep * upd + p);
  }
  return laneSum(bad) + badTail;
}

export function radamUpdate(
  pPtr: usize, gPtr: usize, mPtr: usize, vPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, negStep: f32, eps: f32, adaptive: i32,
): i32 {
  if (adaptive) return radamLoop(pPtr, gPtr, mPtr, vPtr, n, gScale, l2, decay, b1, omb1, b2, omb2, negStep, eps, true);
  return radamLoop(pPtr, gPtr, mPtr, vPtr, n, gScale, l2, decay, b1, omb1, b2, omb2, negStep, eps, false);
}
