import type { AdamaxOptions } from '../../optim/adamax.js';
import { decayAndGrad, slot, type RefRule } from './types.js';

/**
 * Adamax in f64:  m = b1·m + (1−b1)g;  u = max(b2·u, |g| + eps);  p −= lr/(1 − b1^t)·m/u.
 * epsOutsideMax (Keras, TF.js): u = max(b2·u, |g|);  p −= lr/(1 − b1^t)·m/(u + eps).
 */
export const adamaxReference: RefRule<AdamaxOptions> = {
  init: (n) => ({ step: 0, expAvg: new Float64Array(n), expInf: new Float64Array(n) }),
  update(p, g0, s, o, lr) {
    const g = decayAndGrad(p, g0, o, lr);
    const t = ++s.step;
    const [b1, b2] = o.betas;
    const bc1 = 1 - b1 ** t;
    const m = slot(s, 'expAvg');
    const u = slot(s, 'expInf');
    for (let i = 0; i < p.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      if (o.epsOutsideMax) {
        u[i] = Math.max(b2 * u[i]!, Math.abs(g[i]!));
        p[i] = p[i]! - ((lr / bc1) * m[i]!) / (u[i]! + o.eps);
      } else {
        u[i] = Math.max(b2 * u[i]!, Math.abs(g[i]!) + o.eps);
        p[i] = p[i]! - ((lr / bc1) * m[i]!) / u[i]!;
      }
    }
  },
};
