import { makeOptimizer } from './make-optimizer.js';
import type { Optimizer, Rule, SlotSpec } from './types.js';
import { DescentError } from '../errors.js';
import { adamFamily, flag, nonNegative } from './validate.js';
import { weightDecayScalars } from './weight-decay.js';
import { portablePow } from '../math/portable.js';

/** The hyper-parameters of Adam (PyTorch's torch.optim.Adam names in camelCase, plus the named convention switches). */
export type AdamOptions = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  /** p·(1 − lr·weightDecay) first instead of L2 in g: true for adamw (always), Keras 3's `weight_decay`, PyTorch >= 2.6 Adam's `decoupled_weight_decay`. */
  decoupledWeightDecay: boolean;
  amsgrad: boolean;
  maximize: boolean;
  /** Keras / Kingma & Ba's ε̂: p −= lr·sqrt(bc2)/bc1 · m / (sqrt(v) + eps). */
  epsHat: boolean;
};

function adamRule(decoupled: boolean): Rule<AdamOptions> {
  return {
    name: decoupled ? 'adamw' : 'adam',
    torchName: decoupled ? 'AdamW' : 'Adam',
    defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: decoupled ? 1e-2 : 0, decoupledWeightDecay: decoupled, amsgrad: false, maximize: false, epsHat: false },
    validate(o, where) {
      adamFamily(where, o);
      flag(where, 'amsgrad', o.amsgrad);
      flag(where, 'epsHat', o.epsHat);
      if (decoupled && !o.decoupledWeightDecay) {
        throw new DescentError('optim-hyperparam', `${where}: decoupledWeightDecay must be true for adamw (adamw is adam with decoupled weight decay; use adam for L2), got false`);
      }
    },
    slots(o) {
      const s: SlotSpec[] = [
        { name: 'expAvg', torch: 'exp_avg', init: 0 },
        { name: 'expAvgSq', torch: 'exp_avg_sq', init: 0 },
      ];
      if (o.amsgrad) s.push({ name: 'maxExpAvgSq', torch: 'max_exp_avg_sq', init: 0 });
      return s;
    },
    run({ ex, p, g, slot, n, o, lr, t }) {
      const [b1, b2] = o.betas;
      const bc1 = 1 - portablePow(b1, t);
      const bc2 = 1 - portablePow(b2, t);
      const { l2, decay } = weightDecayScalars(o, lr);
      const negStep = o.epsHat ? (-lr * Math.sqrt(bc2)) / bc1 : -lr / bc1;
      const denomScale = o.epsHat ? 1 : 1 / Math.sqrt(bc2);
      const vmax = o.amsgrad ? slot('maxExpAvgSq') : 0;
      return ex.adamUpdate(p, g, slot('expAvg'), slot('expAvgSq'), vmax, n, o.maximize ? -1 : 1, l2, decay, b1, 1 - b1, b2, 1 - b2, negStep, denomScale, o.eps, o.amsgrad ? 1 : 0);
    },
  };
}

const ADAM = adamRule(false);
const ADAMW = adamRule(true);

/**
 * Adam (Kingma & Ba 2015; PyTorch `torch.optim.Adam`), per element, t = step:
 * ```
 * g   = ±g + weightDecay·p                      (L2, coupled into the gradient)
 * m   = b1·m + (1 − b1)·g                       (expAvg)
 * v   = b2·v + (1 − b2)·g²                      (expAvgSq)
 * amsgrad: vmax = max(vmax, v), used for v      (maxExpAvgSq; max of the raw v)
 * bc1 = 1 − b1^t,  bc2 = 1 − b2^t
 * p   = p − (lr/bc1) · m / (sqrt(v)/sqrt(bc2) + eps)     PyTorch: eps after bias correction
 * p   = p − (lr·sqrt(bc2)/bc1) · m / (sqrt(v) + eps)     epsHat (Keras, the paper's ε̂ = eps·sqrt(bc2))
 * ```
 * Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0, amsgrad false.
 * `decoupledWeightDecay: true` multiplies p by 1 − lr·weightDecay first instead (= adamw).
 * Keras's `Adam` is `{eps: 1e-7, epsHat: true}`, with `weight_decay` as `decoupledWeightDecay`.
 *
 * ```ts
 * const opt = adam({ lr: 1e-3 });
 * const state = opt.init(arena);
 * opt.step(arena, state, { lr: schedule(state.step) });
 * ```
 */
export function adam(options: Partial<AdamOptions> = {}): Optimizer<AdamOptions> {
  return makeOptimizer(ADAM, options);
}

/**
 * AdamW (Loshchilov & Hutter 2019; PyTorch `torch.optim.AdamW`): Adam with
 * `decoupledWeightDecay: true` (fixed), the decay applied to p FIRST, then the Adam rule
 * above with no L2 term:
 * ```
 * p = p·(1 − lr·weightDecay);  then Adam with g unchanged
 * ```
 * Defaults as Adam except weightDecay 1e-2 (Keras `AdamW`: 4e-3, eps 1e-7, epsHat).
 *
 * ```ts
 * const opt = adamw({ lr: 1e-3, weightDecay: 0.05 });
 * ```
 */
export function adamw(options: Partial<AdamOptions> = {}): Optimizer<AdamOptions> {
  return makeOptimizer(ADAMW, options);
}
