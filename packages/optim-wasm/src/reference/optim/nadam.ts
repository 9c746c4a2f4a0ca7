import type { NadamOptions } from '../../optim/nadam.js';
import { effectiveGrad, slot, type RefRule } from './types.js';

/**
 * NAdam in f64 (PyTorch >= 2.0):  μ_t = b1(1 − ½·0.96^(tψ)), μ_t+1 likewise with t+1;  Π ·= μ_t;
 * m, v as Adam;  denom = sqrt(v/bc2) + eps;
 * p −= lr(1−μ_t)/(1−Π)·g/denom + lr·μ_t+1/(1−Π·μ_t+1)·m/denom.
 */
export const nadamReference: RefRule<NadamOptions> = {
  init: (n) => ({ step: 0, expAvg: new Float64Array(n), expAvgSq: new Float64Array(n), muProduct: 1 }),
  update(p, g0, s, o, lr) {
    if (o.decoupledWeightDecay) for (let i = 0; i < p.length; i++) p[i] = p[i]! * (1 - lr * o.weightDecay);
    const g = effectiveGrad(p, g0, o.maximize, o.decoupledWeightDecay ? 0 : o.weightDecay);
    const t = ++s.step;
    const [b1, b2] = o.betas;
    const psi = o.momentumDecay;
    const mu = b1 * (1 - 0.5 * 0.96 ** (t * psi));
    const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
    const muProduct = (s['muProduct'] as number) * mu;
    s['muProduct'] = muProduct;
    const bc2 = 1 - b2 ** t;
    const m = slot(s, 'expAvg');
    const v = slot(s, 'expAvgSq');
    for (let i = 0; i < p.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
      const denom = Math.sqrt(v[i]! / bc2) + o.eps;
      p[i] = p[i]! - ((lr * (1 - mu)) / (1 - muProduct)) * (g[i]! / denom);
      p[i] = p[i]! - ((lr * muNext) / (1 - muProduct * muNext)) * (m[i]! / denom);
    }
  },
};
