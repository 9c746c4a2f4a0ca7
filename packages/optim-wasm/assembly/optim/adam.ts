// Fused Adam / AdamW (and AMSGrad), one read and one write of p, m, v per element.
// The JS side folds bias corrections, the ε̂ convention and decoupled decay into scalars:
//   g  = gScale*g + l2*p            (gScale = -1 when maximizing; l2 = weight decay for Adam, 0 for AdamW)
//   p  = decay*p                    (decay = 1 - lr*wd for AdamW, 1 for Adam)
//   m  = b1*m + omb1*g             (omb1 = 1-b1 rounded once from f64; likewise omb2)
//   v  = b2*v + omb2*g*g
//   vmax = max(vmax, v), used instead of v     (amsgrad)
//   p  = p + negStep * m / (sqrt(v)*denomScale + eps)
// PyTorch: negStep = -lr/bc1, denomScale = 1/sqrt(bc2). Keras ε̂: negStep = -lr*sqrt(bc2)/bc1, denomScale = 1.
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { at, badMask, isBad, laneSum } from './common';

// @ts-ignore: decorator
@inline function adamLoop(
  pPtr: usize, gPtr: usize, mPtr: usize, vPtr: usize, vmaxPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, negStep: f32, denomScale: f32, eps: f32, amsgrad: bool,
): i32 {
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2), vDecay = f32x4.splat(decay);
  const vB1 = f32x4.splat(b1), vOmb1 = f32x4.splat(omb1), vB2 = f32x4.splat(b2), vOmb2 = f32x4.splat(omb2);
  const vStep = f32x4.splat(negStep), vScale = f32x4.splat(denomScale), vEps = f32x4.splat(eps);
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
    let v = madd(vB2, v128.load(at(vPtr, i)), f32x4.mul(vOmb2, f32x4.mul(g, g)));
    v128.store(at(mPtr, i), m);
    v128.store(at(vPtr, i), v);
    if (amsgrad) {
      v = f32x4.max(v128.load(at(vmaxPtr, i)), v);
      v128.store(at(vmaxPtr, i), v);
    }
    const denom = madd(f32x4.sqrt(v), vScale, vEps);
    v128.store(at(pPtr, i), madd(vStep, f32x4.div(m, denom), p));
  }
  let badTail = 0;
  for (; i < n; i++) {
    let g = load<f32>(at(gPtr, i));
    badTail += isBad(g);
    let p = load<f32>(at(pPtr, i));
    g = l2 * p + gScale * g;
    p = p * decay;
    const m = b1 * load<f32>(at(mPtr, i)) + omb1 * g;
    let v = b2 * load<f32>(at(vPtr, i)) + omb2 * (g * g);
    store<f32>(at(mPtr, i), m);
    store<f32>(at(vPtr, i), v);
    if (amsgrad) {
      v = max(load<f32>(at(vmaxPtr, i)), v);
      store<f32>(at(vmaxPtr, i), v);
    }
    store<f32>(at(pPtr, i), negStep * (m / (Mathf.sqrt(v) * denomScale + eps)) + p);
  }
  return laneSum(bad) + badTail;
}

export function adamUpdate(
  pPtr: usize, gPtr: usize, mPtr: usize, vPtr: usize, vmaxPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, negStep: f32, denomScale: f32, eps: f32, amsgrad: i32,
): i32 {
  if (amsgrad) return adamLoop(pPtr, gPtr, mPtr, vPtr, vmaxPtr, n, gScale, l2, decay, b1, omb1, b2, omb2, negStep, denomScale, eps, true);
  return adamLoop(pPtr, gPtr, mPtr, vPtr, vmaxPtr, n, gScale, l2, decay, b1, omb1, b2, omb2, negStep, denomScale, eps, false);
}
