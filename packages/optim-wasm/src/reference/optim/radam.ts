import type { RadamOptions } from '../../optim/radam.js';
import { adamMoments } from './moments.js';
import type { RefRule } from './types.js';

/**
 * RAdam in f64:  m, v as Adam;  m̂ = m/bc1;  ρ∞ = 2/(1−b2) − 1;  ρ_t = ρ∞ − 2t·b2^t/bc2;
 * ρ_t > 5: r = sqrt((ρ_t−4)(ρ_t−2)ρ∞/((ρ∞−4)(ρ∞−2)ρ_t)), p −= lr·m̂·r·sqrt(bc2)/(sqrt(v) + eps);
 * else p −= lr·m̂.
 */
export const radamReference: RefRule<RadamOptions> = {
  init: (n) => ({ step: 0, expAvg: new Float64Array(n), expAvgSq: new Float64Array(n) }),
  update(p, g0, s, o, lr) {
    const { t, m, v } = adamMoments(p, g0, s, o, lr);
    const [b1, b2] = o.betas;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const rhoInf = 2 / (1 - b2) - 1;
    const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
    for (let i = 0; i < p.length; i++) {
      const mhat = m[i]! / bc1;
      if (rhoT > 5) {
        const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        p[i] = p[i]! - (lr * mhat * rect * Math.sqrt(bc2)) / (Math.sqrt(v[i]!) + o.eps);
      } else {
        p[i] = p[i]! - lr * mhat;
      }
    }
  },
};
