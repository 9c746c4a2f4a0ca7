import type { Rng } from '@descent/optim-wasm';
import type { Tensor } from '../tensor.js';
import { calculateFans } from './gain.js';
import { checkNumber, normal, uniform } from './fill.js';

/**
 * Glorot/Xavier uniform (torch.nn.init.xavier_uniform_): t ~ U(−a, a) with
 * a = gain·√(6 / (fanIn + fanOut)). Default gain 1.
 */
export function xavierUniform<T extends Tensor>(t: T, rng: Rng, gain = 1): T {
  checkNumber('init.xavierUniform', 'gain', gain);
  const { fanIn, fanOut } = calculateFans(t.shape, 'init.xavierUniform');
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, rng, -a, a);
}

/**
 * Glorot/Xavier normal (torch.nn.init.xavier_normal_): t ~ N(0, std²) with
 * std = gain·√(2 / (fanIn + fanOut)). Default gain 1.
 */
export function xavierNormal<T extends Tensor>(t: T, rng: Rng, gain = 1): T {
  checkNumber('init.xavierNormal', 'gain', gain);
  const { fanIn, fanOut } = calculateFans(t.shape, 'init.xavierNormal');
  return normal(t, rng, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}
