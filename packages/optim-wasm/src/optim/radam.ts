import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule } from './types.js';
import { adamFamily } from './validate.js';
import { weightDecayScalars } from './weight-decay.js';
import { portablePow } from '../math/portable.js';

/** The hyper-parameters of RAdam (PyTorch's torch.optim.RAdam names in camelCase, plus the named convention switches). */
export type RadamOptions = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  /** PyTorch >= 2.1 `decoupled_weight_decay` (Keras 3's `weight_decay`): p·(1 − lr·wd) first instead of L2 in g. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
};

const rule: Rule<RadamOptions> = {
  name: 'radam',
  torchName: 'RAdam',
  defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, maximize: false },
  validate(o, where) {
    adamFamily(where, o);
  },
  slots: () => [
    { name: 'expAvg', torch: 'exp_avg', init: 0 },
    { name: 'expAvgSq', torch: 'exp_avg_sq', init: 0 },
  ],
  run({ ex, p, g, slot, n, o, lr, t }) {
    const [b1, b2] = o.betas;
    const { adaptive, negStep } = radamStep(lr, b1, b2, t);
    const { l2, decay } = weightDecayScalars(o, lr);
    return ex.radamUpdate(p, g, slot('expAvg'), slot('expAvgSq'), n, o.maximize ? -1 : 1, l2, decay, b1, 1 - b1, b2, 1 - b2, negStep, o.eps, adaptive ? 1 : 0);
  },
};

/** RAdam's per-step scalars in f64: whether the variance is tractable, and the signed step size. */
export function radamStep(lr: number, b1: number, b2: number, t: number): { adaptive: boolean; negStep: number } {
  const bc1 = 1 - portablePow(b1, t);
  const bc2 = 1 - portablePow(b2, t);
  const rhoInf = 2 / (1 - b2) - 1;
  const rhoT = rhoInf - (2 * t * portablePow(b2, t)) / bc2;
  if (rhoT > 5) {
    const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
    return { adaptive: true, negStep: (-lr * rect * Math.sqrt(bc2)) / bc1 };
  }
  return { adaptive: false, negStep: -lr / bc1 };
}

/**
 * RAdam (Liu et al. 2020; PyTorch `torch.optim.RAdam`), per element, t = step:
 * ```
 * g, m, v as Adam (L2 weight decay, or decoupled with decoupledWeightDecay)
 * ρ∞ = 2/(1 − b2) − 1,  ρ_t = ρ∞ − 2·t·b2^t/(1 − b2^t)
 * ρ_t > 5: r = sqrt((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t));  p = p − lr·m/(1−b1^t) · r·sqrt(1−b2^t)/(sqrt(v) + eps)
 * else:    p = p − lr·m/(1−b1^t)                      (un-adapted momentum step; t <= 5 for b2 = 0.999)
 * ```
 * Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0.
 *
 * ```ts
 * const opt = radam({ lr: 1e-3 });
 * ```
 */
export function radam(options: Partial<RadamOptions> = {}): Optimizer<RadamOptions> {
  return makeOptimizer(rule, options);
}
