// Fused Adadelta. Scalars from JS:
//   g = gScale*g + l2*p
//   v = rho*v + omr*g*g                          (omr = 1 - rho)
//   delta = sqrt(u + eps) / sqrt(v + eps) * g    (eps inside both roots)
//   u = rho*u + omr*delta*delta
//   p = p + negLr * delta
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { at, badMask, isBad, laneSum } from './common';

export function adadeltaUpdate(
  pPtr: usize, gPtr: usize, vPtr: usize, uPtr: usize, n: i32,
  gScale: f32, l2: f32, negLr: f32, rho: f32, omr: f32, eps: f32,
): i32 {
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2), vLr = f32x4.splat(negLr);
  const vRho = f32x4.splat(rho), vOmr = f32x4.splat(omr), vEps = f32x4.splat(eps);
  let bad = i32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    let g = v128.load(at(gPtr, i));
    bad = i32x4.add(bad, badMask(g));
    const p = v128.load(at(pPtr, i));
    g = madd(vL2, p, f32x4.mul(vGs, g));
    const v = madd(vRho, v128.load(at(vPtr, i)), f32x4.mul(vOmr, f32x4.mul(g, g)));
    const u0 = v128.load(at(uPtr, i));
    const delta = f32x4.mul(f32x4.div(f32x4.sqrt(f32x4.add(u0, vEps)), f32x4.sqrt(f32x4.add(v, vEps))), g);
    v128.store(at(vPtr, i), v);
    v128.store(at(uPtr, i), madd(vRho, u0, f32x4.mul(vOmr, f32x4.mul(delta, delta))));
    v128.store(at(pPtr, i), madd(vLr, delta, p));
  }
  let badTail = 0;
  for (; i < n; i++) {
    let g = load<f32>(at(gPtr, i));
    badTail += isBad(g);
    const p = load<f32>(at(pPtr, i));
    g = l2 * p + gScale * g;
    const v = rho * load<f32>(at(vPtr, i)) + omr * (g * g);
    const u0 = load<f32>(at(uPtr, i));
    const delta = (Mathf.sqrt(u0 + eps) / Mathf.sqrt(v + eps)) * g;
    store<f32>(at(vPtr, i), v);
    store<f32>(at(uPtr, i), rho * u0 + omr * (delta * delta));
    store<f32>(at(pPtr, i), negLr * delta + p);
  }
  return laneSum(bad) + badTail;
}
