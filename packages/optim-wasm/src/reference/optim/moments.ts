import { decayAndGrad, slot, type RefState } from './types.js';

/** The options the start of an Adam-family step reads. */
export interface AdamFamilyOptions {
  betas: readonly [number, number];
  weightDecay: number;
  decoupledWeightDecay: boolean;
  maximize: boolean;
}

/**
 * The start of a step that Adam(W), NAdam and RAdam share, in f64:
 * decoupled: p −= lr·wd·p, g = ±g;  else g = ±g + wd·p (L2);  t = ++step;
 * m = b1·m + (1−b1)·g;  v = b2·v + (1−b2)·g²  (slots expAvg, expAvgSq, updated in place).
 * Returns g, t and the updated moments for the rule's own step on p.
 */
export function adamMoments(
  p: Float64Array,
  g0: Float64Array,
  s: RefState,
  o: AdamFamilyOptions,
  lr: number,
): { g: Float64Array; t: number; m: Float64Array; v: Float64Array } {
  const g = decayAndGrad(p, g0, o, lr);
  const t = ++s.step;
  const [b1, b2] = o.betas;
  const m = slot(s, 'expAvg');
  const v = slot(s, 'expAvgSq');
  for (let i = 0; i < p.length; i++) {
    m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
    v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
  }
  return { g, t, m, v };
}
