// Fused NAdam (Dozat; PyTorch >= 2.0 mu_product rule). Scalars from JS:
//   g = gScale*g + l2*p;  p = decay*p          (decay = 1 - lr*wd with decoupled weight decay, else 1)
//   m = b1*m + omb1*g;    v = b2*v + omb2*g*g
//   denom = sqrt(v)*denomScale + eps            (denomScale = 1/sqrt(bc2))
//   p = p + (cg*g + cm*m) / denom               (cg = -lr(1-mu_t)/(1-mu_prod), cm = -lr*mu_t1/(1-mu_prod*mu_t1))
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { at, badMask, isBad, laneSum } from './common';

export function nadamUpdate(
  pPtr: usize, gPtr: usize, mPtr: usize, vPtr: usize, n: i32,
  gScale: f32, l2: f32, decay: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, cg: f32, cm: f32, denomScale: f32, eps: f32,
): i32 {
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2), vDecay = f32x4.splat(decay);
  const vB1 = f32x4.splat(b1), vOmb1 = f32x4.splat(omb1), vB2 = f32x4.splat(b2), vOmb2 = f32x4.splat(omb2);
  const vCg = f32x4.splat(cg), vCm = f32x4.splat(cm), vScale = f32x4.splat(denomScale), vEps = f32x4.splat(eps);
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
    const denom = madd(f32x4.sqrt(v), vScale, vEps);
    v128.store(at(pPtr, i), f32x4.add(p, f32x4.div(madd(vCg, g, f32x4.mul(vCm, m)), denom)));
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
    store<f32>(at(pPtr, i), p + (cg * g + cm * m) / (Mathf.sqrt(v) * denomScale + eps));
  }
  return laneSum(bad) + badTail;
}
