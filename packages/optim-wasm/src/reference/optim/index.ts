import { DescentError } from '../../errors.js';
import { createOptimizer, camelToSnake } from '../../optim/registry.js';
import type { Hyper, OptimizerName } from '../../optim/types.js';
import { adadeltaReference } from './adadelta.js';
import { adagradReference } from './adagrad.js';
import { adamReference, adamwReference } from './adam.js';
import { adamaxReference } from './adamax.js';
import { nadamReference } from './nadam.js';
import { radamReference } from './radam.js';
import { rmspropReference } from './rmsprop.js';
import { sgdReference } from './sgd.js';
import type { RefRule, RefState } from './types.js';

export type { RefRule, RefState } from './types.js';
export { sgdReference, adagradReference, adadeltaReference, rmspropReference, adamReference, adamwReference, nadamReference, radamReference, adamaxReference };

const RULES: Record<OptimizerName, RefRule<any>> = {
  sgd: sgdReference,
  adagrad: adagradReference,
  adadelta: adadeltaReference,
  rmsprop: rmspropReference,
  adam: adamReference,
  adamw: adamwReference,
  nadam: nadamReference,
  radam: radamReference,
  adamax: adamaxReference,
};

/** The state of a `referenceOptimizer`: per-tensor f64 state and the group of each tensor. */
export interface RefOptimizerState {
  /** Per-tensor state (PyTorch keys in camelCase). */
  tensors: RefState[];
  /** Group of each tensor and its resolved options. */
  groupOf: number[];
  groups: Hyper[];
}

/**
 * The f64 twin of an optimizer, with the fused API's shape: `init(params, groups?)` and
 * `step(params, grads, state, {lr})` over plain Float64Arrays, one tensor at a time. Options are
 * resolved and validated exactly as the fused optimizer does (same defaults, same errors).
 */
export function referenceOptimizer(name: OptimizerName, options: Record<string, unknown> = {}) {
  const fused = createOptimizer(name, options);
  const rule = RULES[name];
  return {
    name,
    defaults: fused.defaults,
    /** Fresh state for `params` (one group over all unless `groups` is given). */
    init(params: readonly Float64Array[], groups?: readonly ({ params: readonly number[] } & Record<string, unknown>)[]): RefOptimizerState {
      const groupOf = params.map(() => -1);
      const resolved: Hyper[] = [];
      (groups ?? [{ params: params.map((_, i) => i) }]).forEach(({ params: idx, ...over }, gi) => {
        resolved.push(createOptimizer(name, { ...fused.defaults, ...over }).defaults);
        for (const i of idx) groupOf[i] = gi;
      });
      return { tensors: params.map((p, i) => (groupOf[i]! >= 0 ? rule.init(p.length, resolved[groupOf[i]!]) : { step: 0 })), groupOf, groups: resolved };
    },
    /** One step in f64, tensor by tensor, in place on `params` and `state`. */
    step(params: Float64Array[], grads: readonly Float64Array[], state: RefOptimizerState, opts: { lr?: number } = {}): void {
      if (grads.length !== params.length) throw new DescentError('shape', `referenceOptimizer(${name}).step: ${grads.length} grads for ${params.length} params`);
      params.forEach((p, i) => {
        const gi = state.groupOf[i]!;
        if (gi < 0) return;
        const o = state.groups[gi]!;
        rule.update(p, grads[i]!, state.tensors[i]!, o, opts.lr ?? (o['lr'] as number));
      });
    },
  };
}

/** A reference tensor state under PyTorch's names (`expAvgSq` → `exp_avg_sq`). */
export function torchStateOf(s: RefState): Record<string, Float64Array | number> {
  const out: Record<string, Float64Array | number> = {};
  for (const [k, v] of Object.entries(s)) if (v !== undefined) out[camelToSnake(k)] = v;
  return out;
}
