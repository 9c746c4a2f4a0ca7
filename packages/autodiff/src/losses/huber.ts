import { DescentError } from '@descent/optim-wasm';
import { mul, sub } from '../ops/arithmetic.js';
import { lt, where } from '../ops/compare.js';
import { abs, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { applyReduction, checkSameShape, type Reduction } from './reduction.js';

/**
 * Huber loss, PyTorch's F.huber_loss: with d = input − target,
 * ℓᵢ = ½dᵢ² if |dᵢ| < δ, else δ(|dᵢ| − ½δ); `delta` δ > 0 (default 1), `reduction` default 'mean'.
 * The gradient is d clipped to [−δ, δ].
 */
export function huberLoss<S>(input: Tensor<S>, target: Tensor<S>, { delta = 1, reduction = 'mean' }: { delta?: number; reduction?: Reduction } = {}): Tensor<S> {
  checkSameShape('huberLoss', input, target);
  if (!(delta > 0) || !Number.isFinite(delta)) throw new DescentError('value', `huberLoss: delta must be a finite number > 0, got ${delta}`);
  const d = sub(input, target);
  const ad = abs(d);
  const loss = where(lt(ad, delta), mul(square(d), 0.5), mul(sub(ad, 0.5 * delta), delta));
  return applyReduction('huberLoss', loss, reduction);
}
