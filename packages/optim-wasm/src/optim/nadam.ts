import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule } from './types.js';
import { adamFamily, flag, nonNegative } from './validate.js';
import { weightDecayScalars } from './weight-decay.js';
import { portablePow } from '../math/portable.js';

/** The hyper-parameters of NAdam (PyTorch's torch.optim.NAdam names in camelCase, plus the named convention switches). */
export type NadamOptions = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
  /** PyTorch >= 2.1 `decoupled_weight_decay` (Keras 3's `weight_decay`): p·(1 − lr·wd) first instead of L2 in g. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
};

const rule: Rule<NadamOptions> = {
  name: 'nadam',
  torchName: 'NAdam',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, decoupledWeightDecay: false, maximize: false },
  validate(o, where) {
    adamFamily(where, o);
    nonNegative(where, 'momentumDecay', o.momentumDecay);
  },
  slots: () => [
    { name: 'expAvg', torch: 'exp_avg', init: 0 },
    { name: 'expAvgSq', torch: 'exp_avg_sq', init: 0 },
  ],
  scalars: () => ({ muProduct: 1 }),
  torchScalars: { muProduct: 'mu_product' },
  run({ ex, p, g, slot, n, o, lr, t, scalars }) {
    const [b1, b2] = o.betas;
    const psi = o.momentumDecay;
    const mu = b1 * (1 - 0.5 * portablePow(0.96, t * psi));
    const muNext = b1 * (1 - 0.5 * portablePow(0.96, (t + 1) * psi));
    const muProduct = scalars['muProduct']! * mu;
    scalars['muProduct'] = muProduct;
    const bc2 = 1 - portablePow(b2, t);
    const cg = (-lr * (1 - mu)) / (1 - muProduct);
    const cm = (-lr * muNext) / (1 - muProduct * muNext);
    const { l2, decay } = weightDecayScalars(o, lr);
    return ex.nadamUpdate(p, g, slot('expAvg'), slot('expAvgSq'), n, o.maximize ? -1 : 1, l2, decay, b1, 1 - b1, b2, 1 - b2, cg, cm, 1 / Math.sqrt(bc2), o.eps);
  },
};

/**
 * NAdam (Dozat 2016; PyTorch >= 2.0 `torch.optim.NAdam`), per element, t = step, ψ = momentumDecay:
 * ```
 * g     = ±g + weightDecay·p                (or p·(1 − lr·wd) first with decoupledWeightDecay)
 * μ_t   = b1·(1 − 0.5·0.96^(t·ψ)),  μ_t+1 = b1·(1 − 0.5·0.96^((t+1)·ψ))
 * Π     = Π·μ_t                             (muProduct, starts at 1)
 * m, v  as Adam;  denom = sqrt(v/(1 − b2^t)) + eps
 * p     = p − lr·(1 − μ_t)/(1 − Π) · g/denom − lr·μ_t+1/(1 − Π·μ_t+1) · m/denom
 * ```
 * (PyTorch 1.13 multiplied μ_t into Π twice; this follows the fix in 2.0 and the paper.)
 * Defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0, momentumDecay 4e-3.
 * Keras's `Nadam` schedules μ_t = b1·(1 − 0.5·0.96^t): `{momentumDecay: 1, eps: 1e-7}`.
 *
 * ```ts
 * const opt = nadam({ lr: 2e-3 });
 * ```
 */
export function nadam(options: Partial<NadamOptions> = {}): Optimizer<NadamOptions> {
  return makeOptimizer(rule, options);
}
