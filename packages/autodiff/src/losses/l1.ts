import { sub } from '../ops/arithmetic.js';
import { abs } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { applyReduction, checkSameShape, type Reduction } from './reduction.js';

/**
 * Mean absolute error, PyTorch's F.l1_loss: ℓᵢ = |inputᵢ − targetᵢ|, reduced by `reduction`
 * (default 'mean'). The gradient is sign(input − target)/N, 0 where they are equal.
 */
export function l1Loss<S>(input: Tensor<S>, target: Tensor<S>, { reduction = 'mean' }: { reduction?: Reduction } = {}): Tensor<S> {
  checkSameShape('l1Loss', input, target);
  return applyReduction('l1Loss', abs(sub(input, target)), reduction);
}
