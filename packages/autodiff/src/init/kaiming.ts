import { DescentError, type Rng } from '@descent/optim-wasm';
import { fmt } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { calculateFans, calculateGain, type Nonlinearity } from './gain.js';
import { checkNumber, normal, uniform } from './fill.js';

/** Options of `kaimingUniform` / `kaimingNormal` (torch.nn.init.kaiming_*). */
export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (used by leaky_relu; default 0). */
  a?: number;
  /** 'fan_in' (default) keeps the forward variance, 'fan_out' the backward one. */
  mode?: 'fan_in' | 'fan_out' | 'fanIn' | 'fanOut';
  /** Default 'leaky_relu' (with a = 0 that is ReLU's gain √2), as PyTorch. */
  nonlinearity?: Nonlinearity;
}

/** std = gain(nonlinearity, a) / √fan, fan chosen by mode. */
function kaimingStd(op: string, t: Tensor, o: KaimingOptions): number {
  const a = o.a ?? 0;
  checkNumber(op, 'a', a);
  const mode = o.mode ?? 'fan_in';
  if (!['fan_in', 'fan_out', 'fanIn', 'fanOut'].includes(mode)) throw new DescentError('value', `${op}: mode must be 'fan_in' or 'fan_out', got '${String(mode)}'`);
  const fans = calculateFans(t.shape, op);
  const fan = mode === 'fan_in' || mode === 'fanIn' ? fans.fanIn : fans.fanOut;
  if (fan === 0) throw new DescentError('shape', `${op}: ${mode} is 0 for a tensor ${fmt(t.shape)}`);
  return calculateGain(o.nonlinearity ?? 'leaky_relu', a) / Math.sqrt(fan);
}

/**
 * He/Kaiming uniform (torch.nn.init.kaiming_uniform_): t ~ U(−b, b) with b = √3 · gain / √fan.
 * PyTorch's default Linear/Conv2d weight init is this with a = √5: b = 1/√fanIn.
 */
export function kaimingUniform<T extends Tensor>(t: T, rng: Rng, options: KaimingOptions = {}): T {
  const bound = Math.sqrt(3) * kaimingStd('init.kaimingUniform', t, options);
  return uniform(t, rng, -bound, bound);
}

/** He/Kaiming normal (torch.nn.init.kaiming_normal_): t ~ N(0, std²), std = gain / √fan. */
export function kaimingNormal<T extends Tensor>(t: T, rng: Rng, options: KaimingOptions = {}): T {
  return normal(t, rng, 0, kaimingStd('init.kaimingNormal', t, options));
}
