// Fused SGD, plain, heavy-ball momentum or Nesterov, in either momentum form. Scalars from JS:
//   g = gScale*g + l2*p
//   mode 0 (no momentum):  p = p + c*g                          (c = -lr)
//   mode 1/2:              buf = mu*buf + a*g
//                          d   = mode 2 (nesterov) ? gc*g + mu*buf : buf
//                          p   = p + c*d
// PyTorch form: a = 1 on the first step (buf = g) else 1 - dampening, gc = 1, c = -lr.
// Keras/Sutskever form (velocity holds -lr*g terms): a = gc = -lr, c = 1.
// Returns the number of non-finite gradient elements read.
import { madd } from '../simd';
import { at, badMask, isBad, laneSum } from './common';

// @ts-ignore: decorator
@inline function sgdLoop(
  pPtr: usize, gPtr: usize, bufPtr: usize, n: i32,
  gScale: f32, l2: f32, mu: f32, a: f32, gc: f32, c: f32, momentum: bool, nesterov: bool,
): i32 {
  const vGs = f32x4.splat(gScale), vL2 = f32x4.splat(l2), vMu = f32x4.splat(mu);
  const vA = f32x4.splat(a), vGc = f32x4.splat(gc), vC = f32x4.splat(c);
  let bad = i32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    let g = v128.load(at(gPtr, i));
    bad = i32x4.add(bad, badMask(g));
    const p = v128.load(at(pPtr, i));
    g = madd(vL2, p, f32x4.mul(vGs, g));
    let d = g;
    if (momentum) {
      const buf = madd(vMu, v128.load(at(bufPtr, i)), f32x4.mul(vA, g));
      v128.store(at(bufPtr, i), buf);
      d = nesterov ? madd(vGc, g, f32x4.mul(vMu, buf)) : buf;
    }
    v128.store(at(pPtr, i), madd(vC, d, p));
  }
  let badTail = 0;
  for (; i < n; i++) {
    let g = load<f32>(at(gPtr, i));
    badTail += isBad(g);
    const p = load<f32>(at(pPtr, i));
    g = l2 * p + gScale * g;
    let d = g;
    if (momentum) {
      const buf = mu * load<f32>(at(bufPtr, i)) + a * g;
      store<f32>(at(bufPtr, i), buf);
      d = nesterov ? gc * g + mu * buf : buf;
    }
    store<f32>(at(pPtr, i), c * d + p);
  }
  return laneSum(bad) + badTail;
}

export function sgdUpdate(
  pPtr: usize, gPtr: usize, bufPtr: usize, n: i32,
  gScale: f32, l2: f32, mu: f32, a: f32, gc: f32, c: f32, mode: i32,
): i32 {
  if (mode == 0) return sgdLoop(pPtr, gPtr, bufPtr, n, gScale, l2, mu, a, gc, c, false, false);
  if (mode == 1) return sgdLoop(pPtr, gPtr, bufPtr, n, gScale, l2, mu, a, gc, c, true, false);
  return sgdLoop(pPtr, gPtr, bufPtr, n, gScale, l2, mu, a, gc, c, true, true);
}
