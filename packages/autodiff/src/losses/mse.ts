import { sub } from '../ops/arithmetic.js';
import { square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { applyReduction, checkSameShape, type Reduction } from './reduction.js';

/**
 * Mean squared error, PyTorch's F.mse_loss: ℓᵢ = (inputᵢ − targetᵢ)², reduced by `reduction`
 * (default 'mean' over all elements). Both arguments get gradients: ∂/∂input = 2(input − target)/N.
 *
 * @example mseLoss(pred, target) // scalar tensor
 */
export function mseLoss<S>(input: Tensor<S>, target: Tensor<S>, { reduction = 'mean' }: { reduction?: Reduction } = {}): Tensor<S> {
  checkSameShape('mseLoss', input, target);
  return applyReduction('mseLoss', square(sub(input, target)), reduction);
}
