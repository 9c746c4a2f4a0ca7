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
  init(n: number, o: O): RefState;
  update(p: Float64Array, g: Float64Array, s: RefState, o: O, lr: number): void;
}

/** The gradient as the rule sees it: negated when maximizing, plus L2 weight decay (coupled). */
export function effectiveGrad(p: Float64Array, g: Float64Array, maximize: boolean, l2: number): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = (maximize ? -g[i]! : g[i]!) + l2 * p[i]!;
  return out;
}

export function slot(s: RefState, name: string): Float64Array {
  const v = s[name];
  if (!(v instanceof Float64Array)) throw new Error(`reference optimizer: state has no "${name}"`);
  return v;
}
