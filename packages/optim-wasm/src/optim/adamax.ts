import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule } from './types.js';
import { adamFamily, flag, nonNegative } from './validate.js';
import { weightDecayScalars } from './weight-decay.js';
import { portablePow } from '../math/portable.js';

/** The hyper-parameters of Adamax (PyTorch's torch.optim.Adamax names in camelCase, plus the named convention switches). */
export type AdamaxOptions = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  /** Keras 3 / AdamW weight decay: p·(1 − lr·weightDecay) first, instead of adding weightDecay·p to g. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
  /** Keras / TF.js: u = max(b2·u, |g|) and p −= lr/bc1 · m/(u + eps), instead of PyTorch's max(b2·u, |g| + eps). */
  epsOutsideMax: boolean;
};

const rule: Rule<AdamaxOptions> = {
  name: 'adamax',
  torchName: 'Adamax',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, maximize: false, epsOutsideMax: false },
  validate(o, where) {
    adamFamily(where, o);
    flag(where, 'epsOutsideMax', o.epsOutsideMax);
  },
  slots: () => [
    { name: 'expAvg', torch: 'exp_avg', init: 0 },
    { name: 'expInf', torch: 'exp_inf', init: 0 },
  ],
  run({ ex, p, g, slot, n, o, lr, t }) {
    const [b1, b2] = o.betas;
    const bc1 = 1 - portablePow(b1, t);
    const { l2, decay } = weightDecayScalars(o, lr);
    return ex.adamaxUpdate(p, g, slot('expAvg'), slot('expInf'), n, o.maximize ? -1 : 1, l2, decay, b1, 1 - b1, b2, -lr / bc1, o.eps, o.epsOutsideMax ? 1 : 0);
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
 * `epsOutsideMax: true` (Keras, TF.js): `u = max(b2·u, |g|); p = p − lr/(1 − b1^t) · m/(u + eps)`.
 * `decoupledWeightDecay: true` (Keras 3's `weight_decay`): p·(1 − lr·weightDecay) first, no L2.
 * Defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0.
 * Keras's `Adamax` is `{lr: 1e-3, eps: 1e-7, epsOutsideMax: true}`.
 *
 * ```ts
 * const opt = adamax({ lr: 2e-3 });
 * ```
 */
export function adamax(options: Partial<AdamaxOptions> = {}): Optimizer<AdamaxOptions> {
  return makeOptimizer(rule, options);
}
