import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule, SlotSpec } from './types.js';
import { flag, nonNegative, oneOf } from './validate.js';
import { weightDecayScalars } from './weight-decay.js';

/** The hyper-parameters of RMSprop (PyTorch's torch.optim.RMSprop names in camelCase, plus the named convention switches). */
export type RmspropOptions = {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  /** Keras 3 / AdamW weight decay: p·(1 − lr·weightDecay) first, instead of adding weightDecay·p to g. */
  decoupledWeightDecay: boolean;
  momentum: number;
  centered: boolean;
  maximize: boolean;
  /** TF/Keras: avg = sqrt(v + eps) instead of PyTorch's sqrt(v) + eps. */
  epsInsideSqrt: boolean;
  /** 'pytorch' (default): buf = μ·buf + g/avg, p −= lr·buf. 'keras' (Keras, TF.js): buf = μ·buf + lr·g/avg, p −= buf. */
  momentumForm: 'pytorch' | 'keras';
};

const rule: Rule<RmspropOptions> = {
  name: 'rmsprop',
  torchName: 'RMSprop',
  defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, momentum: 0, centered: false, maximize: false, epsInsideSqrt: false, momentumForm: 'pytorch' },
  validate(o, where) {
    nonNegative(where, 'lr', o.lr);
    nonNegative(where, 'eps', o.eps);
    nonNegative(where, 'momentum', o.momentum);
    nonNegative(where, 'weightDecay', o.weightDecay);
    nonNegative(where, 'alpha', o.alpha);
    flag(where, 'centered', o.centered);
    flag(where, 'maximize', o.maximize);
    flag(where, 'epsInsideSqrt', o.epsInsideSqrt);
    flag(where, 'decoupledWeightDecay', o.decoupledWeightDecay);
    oneOf(where, 'momentumForm', o.momentumForm, ['pytorch', 'keras'] as const);
  },
  slots(o) {
    const s: SlotSpec[] = [{ name: 'squareAvg', torch: 'square_avg', init: 0 }];
    if (o.momentum > 0) s.push({ name: 'momentumBuffer', torch: 'momentum_buffer', init: 0 });
    if (o.centered) s.push({ name: 'gradAvg', torch: 'grad_avg', init: 0 });
    return s;
  },
  run({ ex, p, g, slot, n, o, lr }) {
    const keras = o.momentum > 0 && o.momentumForm === 'keras';
    const flags = (o.centered ? 1 : 0) | (o.momentum > 0 ? 2 : 0) | (o.epsInsideSqrt ? 4 : 0) | (keras ? 8 : 0);
    const ga = o.centered ? slot('gradAvg') : 0;
    const buf = o.momentum > 0 ? slot('momentumBuffer') : 0;
    const { l2, decay } = weightDecayScalars(o, lr);
    return ex.rmspropUpdate(p, g, slot('squareAvg'), ga, buf, n, o.maximize ? -1 : 1, l2, decay, -lr, o.alpha, 1 - o.alpha, o.eps, o.momentum, flags);
  },
};

/**
 * RMSprop (Hinton's lecture 6e; PyTorch `torch.optim.RMSprop`), per element:
 * ```
 * g   = ±g + weightDecay·p
 * v   = alpha·v + (1 − alpha)·g²                              (squareAvg)
 * centered: ga = alpha·ga + (1 − alpha)·g;  w = v − ga²         (gradAvg)   else w = v
 * avg = sqrt(w) + eps            PyTorch (eps outside the root)
 * avg = sqrt(w + eps)            epsInsideSqrt (TF/Keras)
 * momentum > 0: buf = momentum·buf + g/avg;  p = p − lr·buf    (momentumBuffer)
 *   momentumForm 'keras': buf = momentum·buf + lr·g/avg;  p = p − buf   (Keras, TF.js: lr inside)
 * else:         p = p − lr·g/avg
 * ```
 * With a constant lr the two momentum forms give the same parameters (the Keras buffer is lr
 * times PyTorch's); under a schedule they differ: a new lr rescales PyTorch's whole buffer but
 * only the new terms of Keras's. `decoupledWeightDecay` (Keras 3's `weight_decay`) multiplies p
 * by 1 − lr·weightDecay first instead of adding weightDecay·p to g.
 * Defaults: lr 1e-2, alpha 0.99 (Keras rho 0.9), eps 1e-8, momentum 0, centered false.
 * Keras's `RMSprop` is `{alpha: rho, eps: 1e-7, epsInsideSqrt: true, momentumForm: 'keras'}`.
 *
 * ```ts
 * const opt = rmsprop({ lr: 1e-3, centered: true, momentum: 0.9 });
 * ```
 */
export function rmsprop(options: Partial<RmspropOptions> = {}): Optimizer<RmspropOptions> {
  return makeOptimizer(rule, options);
}
