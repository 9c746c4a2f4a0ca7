import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule, SlotSpec } from './types.js';
import { flag, nonNegative } from './validate.js';

export type RmspropOptions = {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
  /** TF/Keras: avg = sqrt(v + eps) instead of PyTorch's sqrt(v) + eps. */
  epsInsideSqrt: boolean;
};

const rule: Rule<RmspropOptions> = {
  name: 'rmsprop',
  torchName: 'RMSprop',
  defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, epsInsideSqrt: false },
  validate(o, where) {
    nonNegative(where, 'lr', o.lr);
    nonNegative(where, 'eps', o.eps);
    nonNegative(where, 'momentum', o.momentum);
    nonNegative(where, 'weightDecay', o.weightDecay);
    nonNegative(where, 'alpha', o.alpha);
    flag(where, 'centered', o.centered);
    flag(where, 'maximize', o.maximize);
    flag(where, 'epsInsideSqrt', o.epsInsideSqrt);
  },
  slots(o) {
    const s: SlotSpec[] = [{ name: 'squareAvg', torch: 'square_avg', init: 0 }];
    if (o.momentum > 0) s.push({ name: 'momentumBuffer', torch: 'momentum_buffer', init: 0 });
    if (o.centered) s.push({ name: 'gradAvg', torch: 'grad_avg', init: 0 });
    return s;
  },
  run({ ex, p, g, slot, n, o, lr }) {
    const flags = (o.centered ? 1 : 0) | (o.momentum > 0 ? 2 : 0) | (o.epsInsideSqrt ? 4 : 0);
    const ga = o.centered ? slot('gradAvg') : 0;
    const buf = o.momentum > 0 ? slot('momentumBuffer') : 0;
    return ex.rmspropUpdate(p, g, slot('squareAvg'), ga, buf, n, o.maximize ? -1 : 1, o.weightDecay, -lr, o.alpha, 1 - o.alpha, o.eps, o.momentum, flags);
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
 * else:         p = p − lr·g/avg
 * ```
 * Defaults: lr 1e-2, alpha 0.99 (Keras rho 0.9), eps 1e-8, momentum 0, centered false.
 *
 * ```ts
 * const opt = rmsprop({ lr: 1e-3, centered: true, momentum: 0.9 });
 * ```
 */
export function rmsprop(options: Partial<RmspropOptions> = {}): Optimizer<RmspropOptions> {
  return makeOptimizer(rule, options);
}
