import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule } from './types.js';
import { betas, flag, nonNegative } from './validate.js';

export type AdamaxOptions = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
};

const rule: Rule<AdamaxOptions> = {
  name: 'adamax',
  torchName: 'Adamax',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false },
  validate(o, where) {
    nonNegative(where, 'lr', o.lr);
    nonNegative(where, 'eps', o.eps);
    betas(where, o.betas);
    nonNegative(where, 'weightDecay', o.weightDecay);
    flag(where, 'maximize', o.maximize);
  },
  slots: () => [
    { name: 'expAvg', torch: 'exp_avg', init: 0 },
    { name: 'expInf', torch: 'exp_inf', init: 0 },
  ],
  run({ ex, p, g, slot, n, o, lr, t }) {
    const [b1, b2] = o.betas;
    const bc1 = 1 - b1 ** t;
    return ex.adamaxUpdate(p, g, slot('expAvg'), slot('expInf'), n, o.maximize ? -1 : 1, o.weightDecay, b1, 1 - b1, b2, -lr / bc1, o.eps);
  },
};

/**
 * Adamax (Kingma & Ba 2015, §7; PyTorch `torch.optim.Adamax`), per element, t = step:
 * ```
 * g = ±g + weightDecay·p
 * m = b1·m + (1 − b1)·g                 (expAvg)
 * u = max(b2·u, |g| + eps)              (expInf; eps added BEFORE the max)
 * p = p − lr/(1 − b1^t) · m/u
 * ```
 * Defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0.
 *
 * ```ts
 * const opt = adamax({ lr: 2e-3 });
 * ```
 */
export function adamax(options: Partial<AdamaxOptions> = {}): Optimizer<AdamaxOptions> {
  return makeOptimizer(rule, options);
}
