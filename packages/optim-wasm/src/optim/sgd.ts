import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule } from './types.js';
import { finite, flag, nonNegative, oneOf } from './validate.js';
import { weightDecayScalars } from './weight-decay.js';
import { DescentError } from '../errors.js';

/** The hyper-parameters of SGD (PyTorch's torch.optim.SGD names in camelCase, plus the named convention switches). */
export type SgdOptions = {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  /** Keras 3 / AdamW weight decay: p·(1 − lr·weightDecay) first, instead of adding weightDecay·p to g. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
  /** 'pytorch' (default): buf = μ·buf + (1−τ)·g, p −= lr·buf. 'keras': v = μ·v − lr·g, p += v (Sutskever). */
  nesterovForm: 'pytorch' | 'keras';
};

const rule: Rule<SgdOptions> = {
  name: 'sgd',
  torchName: 'SGD',
  defaults: { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, decoupledWeightDecay: false, maximize: false, nesterovForm: 'pytorch' },
  validate(o, where) {
    nonNegative(where, 'lr', o.lr);
    nonNegative(where, 'momentum', o.momentum);
    finite(where, 'dampening', o.dampening);
    nonNegative(where, 'weightDecay', o.weightDecay);
    flag(where, 'nesterov', o.nesterov);
    flag(where, 'decoupledWeightDecay', o.decoupledWeightDecay);
    flag(where, 'maximize', o.maximize);
    oneOf(where, 'nesterovForm', o.nesterovForm, ['pytorch', 'keras'] as const);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new DescentError(
        'optim-hyperparam',
        `${where}: nesterov requires momentum > 0 and dampening = 0, got momentum ${o.momentum}, dampening ${o.dampening}`,
      );
    }
    if (o.nesterovForm === 'keras' && o.dampening !== 0) {
      throw new DescentError('optim-hyperparam', `${where}: nesterovForm 'keras' has no dampening, got dampening ${o.dampening}`);
    }
  },
  slots: (o) => (o.momentum !== 0 ? [{ name: 'momentumBuffer', torch: 'momentum_buffer', init: 0 }] : []),
  // momentumInit: 0 until the buffer holds a value (PyTorch's first step sets buf = g, undamped).
  scalars: () => ({ momentumInit: 0 }),
  run({ ex, p, g, slot, n, o, lr, scalars }) {
    const gScale = o.maximize ? -1 : 1;
    const { l2, decay } = weightDecayScalars(o, lr);
    if (o.momentum === 0) return ex.sgdUpdate(p, g, 0, n, gScale, l2, decay, 0, 0, 0, -lr, 0);
    const mode = o.nesterov ? 2 : 1;
    const buf = slot('momentumBuffer');
    const first = scalars['momentumInit'] === 0;
    scalars['momentumInit'] = 1;
    if (o.nesterovForm === 'keras') return ex.sgdUpdate(p, g, buf, n, gScale, l2, decay, o.momentum, -lr, -lr, 1, mode);
    // buf is zero before the first step, so a = 1 gives buf = g exactly.
    const a = first ? 1 : 1 - o.dampening;
    return ex.sgdUpdate(p, g, buf, n, gScale, l2, decay, o.momentum, a, 1, -lr, mode);
  },
};

/**
 * Stochastic gradient descent (PyTorch `torch.optim.SGD`), per element, t = step:
 * ```
 * g = ±g + weightDecay·p                               (− when maximize)
 * momentum ≠ 0:  buf = g                                (t = 1, no dampening)
 *                buf = momentum·buf + (1 − dampening)·g (t > 1)
 *                g   = nesterov ? g + momentum·buf : buf
 * p = p − lr·g
 * ```
 * `nesterovForm: 'keras'` (Keras / Sutskever et al. 2013) keeps the learning rate inside the
 * velocity instead: `v = momentum·v − lr·g; p += nesterov ? momentum·v − lr·g : v`. With a
 * constant lr both forms give the same parameters (v = −lr·buf); they differ when lr changes.
 * `decoupledWeightDecay: true` (Keras 3's `weight_decay`) multiplies p by 1 − lr·weightDecay
 * first instead of adding weightDecay·p to g (the same thing without momentum, not with it).
 * Defaults: lr 1e-3, momentum 0, dampening 0, nesterov false, weightDecay 0, maximize false.
 *
 * ```ts
 * const opt = sgd({ lr: 0.1, momentum: 0.9, nesterov: true });
 * const state = opt.init(arena);
 * opt.step(arena, state);
 * ```
 */
export function sgd(options: Partial<SgdOptions> = {}): Optimizer<SgdOptions> {
  return makeOptimizer(rule, options);
}
