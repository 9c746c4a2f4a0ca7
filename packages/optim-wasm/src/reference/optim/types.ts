/** Per-tensor reference state: PyTorch's keys in camelCase; `step` counts updates taken. */
export interface RefState {
  step: number;
  [slot: string]: Float64Array | number | undefined;
}

/**
 * A single-tensor f64 update rule, written like the math (PyTorch's `_single_tensor_*`):
 * `update(p, g, state, o, lr)` updates p and state in place. It is the oracle of the fused kernel.
 */
export interface RefRule<O> {
  /** The state of a fresh tensor of n elements. */
  init(n: number, o: O): RefState;
  /** One step: p and s in place. */
  update(p: Float64Array, g: Float64Array, s: RefState, o: O, lr: number): void;
}

/** The gradient as the rule sees it: negated when maximizing, plus L2 weight decay (coupled). */
export function effectiveGrad(p: Float64Array, g: Float64Array, maximize: boolean, l2: number): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = (maximize ? -g[i]! : g[i]!) + l2 * p[i]!;
  return out;
}

/**
 * The start of every rule's step: with decoupled weight decay p −= lr·wd·p first (Keras's
 * `variable - variable * wd * lr`) and g = ±g; otherwise g = ±g + wd·p (L2).
 */
export function decayAndGrad(
  p: Float64Array,
  g: Float64Array,
  o: { maximize: boolean; weightDecay: number; decoupledWeightDecay: boolean },
  lr: number,
): Float64Array {
  if (!o.decoupledWeightDecay) return effectiveGrad(p, g, o.maximize, o.weightDecay);
  for (let i = 0; i < p.length; i++) p[i] = p[i]! - p[i]! * o.weightDecay * lr;
  return effectiveGrad(p, g, o.maximize, 0);
}

export function slot(s: RefState, name: string): Float64Array {
  const v = s[name];
  if (!(v instanceof Float64Array)) throw new Error(`reference optimizer: state has no "${name}"`);
  return v;
}
