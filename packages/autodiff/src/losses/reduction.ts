import { DescentError } from '@descent/optim-wasm';
import { mean, sum } from '../ops/reduce.js';
import { fmt, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** How a loss combines its elementwise values: their mean (default), their sum, or none. */
export type Reduction = 'mean' | 'sum' | 'none';

export function applyReduction<S>(op: string, loss: Tensor<S>, reduction: Reduction = 'mean'): Tensor<S> {
  if (reduction === 'mean') return mean(loss);
  if (reduction === 'sum') return sum(loss);
  if (reduction === 'none') return loss;
  throw new DescentError('value', `${op}: reduction must be 'mean', 'sum' or 'none', got ${String(reduction)}`);
}

export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new DescentError('shape', `${op}: input ${fmt(input.shape)} and target ${fmt(target.shape)} must have the same shape`);
  }
}
