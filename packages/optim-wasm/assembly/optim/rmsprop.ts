// Fused RMSprop (plain or centered, with or without momentum). Scalars from JS:
//   g = gScale*g + l2*p
//   v = alpha*v + oma*g*g                         (oma = 1 - alpha)
//   centered: ga = alpha*ga + oma*g;  w = v - ga*ga      else w = v
//   avg = sqrt(w) + eps     (PyTorch)   |   sqrt(w + eps)   (epsInsideSqrt, TF/Keras)
//   momentum: buf = mu*buf + g/avg;  p = p + negLr*buf
//   else:     p = p + negLr * g/avg
// flags: 1 centered, 2 momentum, 4 epsInsideSqrt. Returns the number of non-finite gradients read.
import { madd } from '../simd';
import { at, badMask, isBad, laneSum } from './common';

// @ts-ignore: decorator
@inline function rmspropLoop(
  pPtr: usize, gPtr: usize, vPtr: usize, gaPtr: usize, bufPtr: usize, n: i32,
  gScale: f32, l2: f32, negLr: f32, alpha: f32, oma: f32, eps: f32, mu: f32,
  centered: bool, momentum: bool, inside: bool,
): i32 {
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2), vLr = f32x4.splat(negLr);
  const vAlpha = f32x4.splat(alpha), vOma = f32x4.splat(oma), vEps = f32x4.splat(eps), vMu = f32x4.splat(mu);
  let bad = i32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    let g = v128.load(at(gPtr, i));
    bad = i32x4.add(bad, badMask(g));
    const p = v128.load(at(pPtr, i));
    g = madd(vL2, p, f32x4.mul(vGs, g));
    const v = madd(vAlpha, v128.load(at(vPtr, i)), f32x4.mul(vOma, f32x4.mul(g, g)));
    v128.store(at(vPtr, i), v);
    let w = v;
    if (centered) {
      const ga = madd(vAlpha, v128.load(at(gaPtr, i)), f32x4.mul(vOma, g));
      v128.store(at(gaPtr, i), ga);
      w = f32x4.sub(v, f32x4.mul(ga, ga));
    }
    const avg = inside ? f32x4.sqrt(f32x4.add(w, vEps)) : f32x4.add(f32x4.sqrt(w), vEps);
    let d = f32x4.div(g, avg);
    if (momentum) {
      d = madd(vMu, v128.load(at(bufPtr, i)), d);
      v128.store(at(bufPtr, i), d);
    }
    v128.store(at(pPtr, i), madd(vLr, d, p));
  }
  let badTail = 0;
  for (; i < n; i++) {
    let g = load<f32>(at(gPtr, i));
    badTail += isBad(g);
    const p = load<f32>(at(pPtr, i));
    g = l2 * p + gScale * g;
    const v = alpha * load<f32>(at(vPtr, i)) + oma * (g * g);
    store<f32>(at(vPtr, i), v);
    let w = v;
    if (centered) {
      const ga = alpha * load<f32>(at(gaPtr, i)) + oma * g;
      store<f32>(at(gaPtr, i), ga);
      w = v - ga * ga;
    }
    const avg = inside ? Mathf.sqrt(w + eps) : Mathf.sqrt(w) + eps;
    let d = g / avg;
    if (momentum) {
      d = mu * load<f32>(at(bufPtr, i)) + d;
      store<f32>(at(bufPtr, i), d);
    }
    store<f32>(at(pPtr, i), negLr * d + p);
  }
  return laneSum(bad) + badTail;
}

export function rmspropUpdate(
  pPtr: usize, gPtr: usize, vPtr: usize, gaPtr: usize, bufPtr: usize, n: i32,
  gScale: f32, l2: f32, negLr: f32, alpha: f32, oma: f32, eps: f32, mu: f32, flags: i32,
): i32 {
  switch (flags & 7) {
    case 0: return rmspropLoop(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, negLr, alpha, oma, eps, mu, false, false, false);
    case 1: return rmspropLoop(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, negLr, alpha, oma, eps, mu, true, false, false);
    case 2: return rmspropLoop(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, negLr, alpha, oma, eps, mu, false, true, false);
    case 3: return rmspropLoop(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, negLr, alpha, oma, eps, mu, true, true, false);
    case 4: return rmspropLoop(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, negLr, alpha, oma, eps, mu, false, false, true);
    case 5: return rmspropLoop(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, negLr, alpha, oma, eps, mu, true, false, true);
    case 6: return rmspropLoop(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, negLr, alpha, oma, eps, mu, false, true, true);
    default: return rmspropLoop(pPtr, gPtr, vPtr, gaPtr, bufPtr, n, gScale, l2, negLr, alpha, oma, eps, mu, true, true, true);
  }
}
