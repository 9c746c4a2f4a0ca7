import { DescentError } from '@descent/optim-wasm';
import type { Tensor } from '@descent/autodiff';

/** A state-dict entry as autodiff's Module writes it: a shape and a flat copy of the values. */
export interface StateEntry {
  shape: readonly number[];
  data: Float32Array | Float64Array;
}

/**
 * What the fit loop needs from a model: autodiff's `Module` satisfies it, and so does any small
 * object with `forward` and `parameters`. `train`/`eval` switch dropout and batch-norm modes;
 * `stateDict`/`loadStateDict` carry buffers (running statistics) into checkpoints and early
 * stopping's restore.
 */
export interface Model {
  /**
   * Outputs for a batch of rows [b, features] (images [b, …shape]): logits or regression values.
   */
  forward(x: Tensor): Tensor;
  /** The trainable tensors, in a fixed order (the arena's order). */
  parameters(): Tensor[];
  training?: boolean;
  /**
   * Switch to training mode (dropout on, batch norm on batch statistics); fit calls it before
   * training.
   */
  train?(mode?: boolean): unknown;
  /**
   * Switch to eval mode (dropout off, batch norm on running statistics); evaluation and validation
   * call it and restore the mode after.
   */
  eval?(): unknown;
  /** Every parameter and buffer by name (PyTorch's state_dict names), copied. */
  stateDict?(): Record<string, StateEntry>;
  /** Write saved entries back into the parameters and buffers (names and shapes must match). */
  loadStateDict?(state: Record<string, StateEntry>): unknown;
}

/**
 * The rows a model is fitted on or evaluated with: a `Dataset` or any subset of one.
 * `x` is row-major [n, features]; `y` holds class indices (Int32Array, classification) or
 * targets (Float32Array, regression: one per row, or [n, outputs] row-major).
 */
export interface FitData {
  x: Float32Array;
  y: Int32Array | Float32Array;
  n: number;
  features: number;
  shape?: number[];
  name?: string;
}

/** Check sizes of fit/evaluate data and name the caller and the field at fault. */
export function checkFitData(op: string, field: string, d: FitData): void {
  if (!d || !(d.x instanceof Float32Array)) throw new DescentError('bad-data', `${op}: ${field}.x must be a Float32Array`);
  if (!(d.y instanceof Int32Array) && !(d.y instanceof Float32Array)) {
    throw new DescentError('bad-data', `${op}: ${field}.y must be an Int32Array (classes) or a Float32Array (targets)`);
  }
  if (!Number.isInteger(d.n) || d.n < 1) throw new DescentError('bad-data', `${op}: ${field}.n must be an integer >= 1, got ${d.n}`);
  if (!Number.isInteger(d.features) || d.features < 1) throw new DescentError('bad-data', `${op}: ${field}.features must be an integer >= 1, got ${d.features}`);
  if (d.x.length !== d.n * d.features) {
    throw new DescentError('bad-data', `${op}: ${field}.x has ${d.x.length} values, expected n*features = ${d.n}*${d.features}`);
  }
  if (d.y.length % d.n !== 0 || (d.y instanceof Int32Array && d.y.length !== d.n)) {
    throw new DescentError('bad-data', `${op}: ${field}.y has ${d.y.length} labels for n = ${d.n} rows`);
  }
}

/** Put the model in eval mode for `fn` and restore its previous mode afterwards. */
export function inEvalMode<T>(model: Model, fn: () => T): T {
  const wasTraining = model.training ?? true;
  model.eval?.();
  try {
    return fn();
  } finally {
    if (wasTraining) model.train?.();
  }
}
