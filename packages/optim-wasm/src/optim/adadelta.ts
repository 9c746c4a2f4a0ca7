import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule } from './types.js';
import { flag, inRange, nonNegative } from './validate.js';
import { weightDecayScalars } from './weight-decay.js';

/** The hyper-parameters of Adadelta (PyTorch's torch.optim.Adadelta names in camelCase, plus the named convention switches). */
export type AdadeltaOptions = {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  /** Keras 3 / AdamW weight decay: p·(1 − lr·weightDecay) first, instead of adding weightDecay·p to g. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
};

const rule: Rule<AdadeltaOptions> = {
  name: 'adadelta',
  torchName: 'Adadelta',
  defaults: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, decoupledWeightDecay: false, maximize: false },
  validate(o, where) {
    nonNegative(where, 'lr', o.lr);
    inRange(where, 'rho', o.rho, 0, 1, false);
    nonNegative(where, 'eps', o.eps);
    nonNegative(where, 'weightDecay', o.weightDecay);
    flag(where, 'decoupledWeightDecay', o.decoupledWeightDecay);
    flag(where, 'maximize', o.maximize);
  },
  slots: () => [
    { name: 'squareAvg', torch: 'square_avg', init: 0 },
    { name: 'accDelta', torch: 'acc_delta', init: 0 },
  ],
  run({ ex, p, g, slot, n, o, lr }) {
    const { l2, decay } = weightDecayScalars(o, lr);
    return ex.adadeltaUpdate(p, g, slot('squareAvg'), slot('accDelta'), n, o.maximize ? -1 : 1, l2, decay, -lr, o.rho, 1 - o.rho, o.eps);
  },
};

/**
 * Adadelta (Zeiler 2012; PyTorch `torch.optim.Adadelta`), per element:
 * ```
 * g     = ±g + weightDecay·p
 * v     = rho·v + (1 − rho)·g²                       (squareAvg)
 * delta = sqrt(u + eps) / sqrt(v + eps) · g          (eps inside both roots, as Keras too)
 * u     = rho·u + (1 − rho)·delta²                   (accDelta)
 * p     = p − lr·delta
 * ```
 * `decoupledWeightDecay: true` (Keras 3's `weight_decay`) multiplies p by 1 − lr·weightDecay
 * first instead of adding weightDecay·p to g.
 * Defaults: lr 1 (Keras: 1e-3), rho 0.9 (Keras: 0.95), eps 1e-6 (Keras: 1e-7), weightDecay 0, maximize false.
 *
 * ```ts
 * const opt = adadelta({ rho: 0.95 });
 * ```
 */
export function adadelta(options: Partial<AdadeltaOptions> = {}): Optimizer<AdadeltaOptions> {
  return makeOptimizer(rule, options);
}
