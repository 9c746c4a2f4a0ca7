import type { AdamOptions } from '../../optim/adam.js';
import { adamMoments } from './moments.js';
import { slot, type RefRule, type RefState } from './types.js';

function adamLike(): RefRule<AdamOptions> {
  return {
    init(n, o) {
      const s: RefState = { step: 0, expAvg: new Float64Array(n), expAvgSq: new Float64Array(n) };
      if (o.amsgrad) s['maxExpAvgSq'] = new Float64Array(n);
      return s;
    },
    update(p, g0, s, o, lr) {
      const { t, m, v } = adamMoments(p, g0, s, o, lr);
      const [b1, b2] = o.betas;
      const bc1 = 1 - b1 ** t;
      const bc2 = 1 - b2 ** t;
      for (let i = 0; i < p.length; i++) {
        let vi = v[i]!;
        if (o.amsgrad) {
          const vmax = slot(s, 'maxExpAvgSq');
          vmax[i] = Math.max(vmax[i]!, v[i]!);
          vi = vmax[i]!;
        }
        if (o.epsHat) p[i] = p[i]! - ((lr * Math.sqrt(bc2)) / bc1) * (m[i]! / (Math.sqrt(vi) + o.eps));
        else p[i] = p[i]! - (lr / bc1) * (m[i]! / (Math.sqrt(vi) / Math.sqrt(bc2) + o.eps));
      }
    },
  };
}

/**
 * Adam in f64:  m = b1·m + (1−b1)g;  v = b2·v + (1−b2)g²;  amsgrad: vmax = max(vmax, v), use vmax;
 * p −= (lr/bc1)·m/(sqrt(v)/sqrt(bc2) + eps)   (epsHat: (lr·sqrt(bc2)/bc1)·m/(sqrt(v) + eps));
 * decoupledWeightDecay: p −= lr·wd·p first.
 */
export const adamReference = adamLike();

/** AdamW in f64: Adam with decoupledWeightDecay (its default): p −= lr·wd·p first, no L2 term. */
export const adamwReference = adamLike();
