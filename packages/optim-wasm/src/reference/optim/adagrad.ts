import type { AdagradOptions } from '../../optim/adagrad.js';
import { decayAndGrad, slot, type RefRule } from './types.js';

/**
 * Adagrad in f64:  clr = lr/(1 + (t−1)·lrDecay);  sum += g²;
 * p −= clr·g/(sqrt(sum) + eps)   (epsInsideSqrt: clr·g/sqrt(sum + eps)).
 */
export const adagradReference: RefRule<AdagradOptions> = {
  init: (n, o) => ({ step: 0, sum: new Float64Array(n).fill(o.initialAccumulatorValue) }),
  update(p, g0, s, o, lr) {
    const g = decayAndGrad(p, g0, o, lr);
    const t = ++s.step;
    const clr = lr / (1 + (t - 1) * o.lrDecay);
    const sum = slot(s, 'sum');
    for (let i = 0; i < p.length; i++) {
      sum[i] = sum[i]! + g[i]! * g[i]!;
      const std = o.epsInsideSqrt ? Math.sqrt(sum[i]! + o.eps) : Math.sqrt(sum[i]!) + o.eps;
      p[i] = p[i]! - (clr * g[i]!) / std;
    }
  },
};
