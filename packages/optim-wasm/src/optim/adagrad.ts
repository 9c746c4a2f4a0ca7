import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule } from './types.js';
import { flag, nonNegative } from './validate.js';
import { weightDecayScalars } from './weight-decay.js';

/** The hyper-parameters of Adagrad (PyTorch's torch.optim.Adagrad names in camelCase, plus the named convention switches). */
export type AdagradOptions = {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  /** Keras 3 / AdamW weight decay: p·(1 − lr·weightDecay) first, instead of adding weightDecay·p to g. */
  decoupledWeightDecay: boolean;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
  /** TF/Keras: divide by sqrt(sum + eps) instead of PyTorch's sqrt(sum) + eps. */
  epsInsideSqrt: boolean;
};

const rule: Rule<AdagradOptions> = {
  name: 'adagrad',
  torchName: 'Adagrad',
  defaults: { lr: 1e-2, lrDecay: 0, weightDecay: 0, decoupledWeightDecay: false, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, epsInsideSqrt: false },
  validate(o, where) {
    nonNegative(where, 'lr', o.lr);
    nonNegative(where, 'lrDecay', o.lrDecay);
    nonNegative(where, 'weightDecay', o.weightDecay);
    nonNegative(where, 'initialAccumulatorValue', o.initialAccumulatorValue);
    nonNegative(where, 'eps', o.eps);
    flag(where, 'decoupledWeightDecay', o.decoupledWeightDecay);
    flag(where, 'maximize', o.maximize);
    flag(where, 'epsInsideSqrt', o.epsInsideSqrt);
  },
  slots: (o) => [{ name: 'sum', torch: 'sum', init: o.initialAccumulatorValue }],
  run({ ex, p, g, slot, n, o, lr, t }) {
    const clr = lr / (1 + (t - 1) * o.lrDecay);
    // Keras decays with the optimizer's lr (no lrDecay), as its base optimizer does for every rule
    const { l2, decay } = weightDecayScalars(o, lr);
    return ex.adagradUpdate(p, g, slot('sum'), n, o.maximize ? -1 : 1, l2, decay, -clr, o.eps, o.epsInsideSqrt ? 1 : 0);
  },
};

/** The Keras convention preset (`keras: true`): accumulator starts at 0.1, eps 1e-7 inside the root. */
export const KERAS_ADAGRAD: Partial<AdagradOptions> = { initialAccumulatorValue: 0.1, eps: 1e-7, epsInsideSqrt: true };

/**
 * Adagrad (Duchi et al. 2011; PyTorch `torch.optim.Adagrad`), per element, t = step:
 * ```
 * g   = ±g + weightDecay·p
 * clr = lr / (1 + (t − 1)·lrDecay)
 * sum = sum + g²                      (sum starts at initialAccumulatorValue)
 * p   = p − clr·g / (sqrt(sum) + eps)        PyTorch
 * p   = p − clr·g / sqrt(sum + eps)          epsInsideSqrt (TF/Keras)
 * ```
 * Defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10.
 * `keras: true` changes the defaults of the three convention fields to Keras's
 * (initialAccumulatorValue 0.1, eps 1e-7, epsInsideSqrt true); explicit options still win, and
 * lr keeps PyTorch's default 1e-2 (Keras uses 1e-3: pass it). `decoupledWeightDecay: true`
 * (Keras 3's `weight_decay`) multiplies p by 1 − lr·weightDecay first (the step's lr, without
 * lrDecay) instead of adding weightDecay·p to g.
 *
 * ```ts
 * const opt = adagrad({ lr: 0.1, keras: true });
 * ```
 */
export function adagrad(options: Partial<AdagradOptions> & { keras?: boolean } = {}): Optimizer<AdagradOptions> {
  const { keras, ...rest } = options;
  return makeOptimizer(rule, keras ? { ...KERAS_ADAGRAD, ...rest } : rest);
}
