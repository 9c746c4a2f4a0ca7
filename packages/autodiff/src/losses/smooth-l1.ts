import { DescentError } from '@descent/optim-wasm';
import { mul, sub } from '../ops/arithmetic.js';
import { lt, where } from '../ops/compare.js';
import { abs, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { applyReduction, checkSameShape, type Reduction } from './reduction.js';

/**
 * Smooth L1 loss, PyTorch's F.smooth_l1_loss: with d = input − target,
 * ℓᵢ = ½dᵢ²/β if |dᵢ| < β, else |dᵢ| − ½β (= huber/β); `beta` ≥ 0 (default 1; 0 gives L1),
 * `reduction` default 'mean'.
 */
export function smoothL1Loss<S>(input: Tensor<S>, target: Tensor<S>, { beta = 1, reduction = 'mean' }: { beta?: number; reduction?: Reduction } = {}): Tensor<S> {
  checkSameShape('smoothL1Loss', input, target);
  if (!(beta >= 0) || !Number.isFinite(beta)) throw new DescentError('value', `smoothL1Loss: beta must be a finite number >= 0, got ${beta}`);
  const d = sub(input, target);
  const ad = abs(d);
  const loss = beta === 0 ? ad : where(lt(ad, beta), mul(square(d), 0.5 / beta), sub(ad, 0.5 * beta));
  return applyReduction('smoothL1Loss', loss, reduction);
}
