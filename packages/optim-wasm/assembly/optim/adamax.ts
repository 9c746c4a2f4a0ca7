// Fused Adamax (Adam with the infinity norm). Scalars from JS:
//   g = gScale*g + l2*p
//   m = b1*m + omb1*g
//   u = max(b2*u, |g| + eps)          (eps added to |g| BEFORE the max, as PyTorch)
//   p = p + negStep * m / u           (negStep = -lr/bc1)
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { at, badMask, isBad, laneSum } from './common';

export function adamaxUpdate(
  pPtr: usize, gPtr: usize, mPtr: usize, uPtr: usize, n: i32,
  gScale: f32, l2: f32, b1: f32, omb1: f32, b2: f32, negStep: f32, eps: f32,
): i32 {
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2);
  const vB1 = f32x4.splat(b1), vOmb1 = f32x4.splat(omb1), vB2 = f32x4.splat(b2);
  const vStep = f32x4.splat(negStep), vEps = f32x4.splat(eps);
  let bad = i32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    let g = v128.load(at(gPtr, i));
    bad = i32x4.add(bad, badMask(g));
    const p = v128.load(at(pPtr, i));
    g = madd(vL2, p, f32x4.mul(vGs, g));
    const m = madd(vB1, v128.load(at(mPtr, i)), f32x4.mul(vOmb1, g));
    const u = f32x4.max(f32x4.mul(vB2, v128.load(at(uPtr, i))), f32x4.add(f32x4.abs(g), vEps));
    v128.store(at(mPtr, i), m);
    v128.store(at(uPtr, i), u);
    v128.store(at(pPtr, i), madd(vStep, f32x4.div(m, u), p));
  }
  let badTail = 0;
  for (; i < n; i++) {
    let g = load<f32>(at(gPtr, i));
    badTail += isBad(g);
    const p = load<f32>(at(pPtr, i));
    g = l2 * p + gScale * g;
    const m = b1 * load<f32>(at(mPtr, i)) + omb1 * g;
    const u = max(b2 * load<f32>(at(uPtr, i)), Mathf.abs(g) + eps);
    store<f32>(at(mPtr, i), m);
    store<f32>(at(uPtr, i), u);
    store<f32>(at(pPtr, i), negStep * (m / u) + p);
  }
  return laneSum(bad) + badTail;
}
