import { DescentError } from '@descent/optim-wasm';
import type { Tensor } from '../tensor.js';
import { powScalar, abs, sqrt, square } from './unary.js';
import { amax, amin, sum, type Dim } from './reduce.js';
import { checkTensor } from './util.js';

/**
 * torch.linalg.vector_norm: ‖x‖_p = (Σ|xᵢ|^p)^(1/p) over `dim` (default all elements);
 * ord 1 = Σ|xᵢ|, 2 = √Σxᵢ², ±Infinity = max/min |xᵢ|. Composed, so no hand-written backward
 * (the L2 gradient at x = 0 is undefined, as 0/0).
 */
export function vectorNorm<S>(x: Tensor<S>, ord = 2, dim?: Dim, keepdim = false): Tensor<S> {
  checkTensor('vectorNorm', 'x', x);
  if (Number.isNaN(ord) || ord === 0) throw new DescentError('value', `vectorNorm: ord must be a non-zero number or ±Infinity, got ${ord}`);
  if (ord === 1) return sum(abs(x), dim, keepdim);
  if (ord === 2) return sqrt(sum(square(x), dim, keepdim));
  if (ord === Infinity) return amax(abs(x), dim, keepdim);
  if (ord === -Infinity) return amin(abs(x), dim, keepdim);
  return powScalar(sum(powScalar(abs(x), ord), dim, keepdim), 1 / ord);
}
