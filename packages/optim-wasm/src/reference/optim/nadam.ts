import type { NadamOptions } from '../../optim/nadam.js';
import { adamMoments } from './moments.js';
import type { RefRule } from './types.js';

/**
 * NAdam in f64 (PyTorch >= 2.0):  μ_t = b1(1 − ½·0.96^(tψ)), μ_t+1 likewise with t+1;  Π ·= μ_t;
 * m, v as Adam;  denom = sqrt(v/bc2) + eps;
 * p −= lr(1−μ_t)/(1−Π)·g/denom + lr·μ_t+1/(1−Π·μ_t+1)·m/denom.
 */
export const nadamReference: RefRule<NadamOptions> = {
  init: (n) => ({ step: 0, expAvg: new Float64Array(n), expAvgSq: new Float64Array(n), muProduct: 1 }),
  update(p, g0, s, o, lr) {
    const { g, t, m, v } = adamMoments(p, g0, s, o, lr);
    const [b1, b2] = o.betas;
    const psi = o.momentumDecay;
    const mu = b1 * (1 - 0.5 * 0.96 ** (t * psi));
    const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
    const muProduct = (s['muProduct'] as number) * mu;
    s['muProduct'] = muProduct;
    const bc2 = 1 - b2 ** t;
    for (let i = 0; i < p.length; i++) {
      const denom = Math.sqrt(v[i]! / bc2) + o.eps;
      p[i] = p[i]! - ((lr * (1 - mu)) / (1 - muProduct)) * (g[i]! / denom);
      p[i] = p[i]! - ((lr * muNext) / (1 - muProduct * muNext)) * (m[i]! / denom);
    }
  },
};
