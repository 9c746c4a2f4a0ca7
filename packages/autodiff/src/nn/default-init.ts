import type { Rng } from '@descent/optim-wasm';
import { uniform } from '../init/fill.js';
import { kaimingUniform } from '../init/kaiming.js';
import type { Module } from './module.js';
import { newParam, type ParamOptions } from './options.js';

/**
 * PyTorch's default init of a layer's `weight` [out, in, …] and `bias` [out] (nn.Linear,
 * nn.Conv2d `reset_parameters`): weight by kaiming_uniform with a = √5, i.e. U(−k, k), and
 * bias ~ U(−k, k), with k = 1/√fanIn and fanIn = in·(kernel size); drawn from `rng` in that
 * order. Registers both on `m` (bias as null when `bias` is false).
 */
export function registerDefaultParams(m: Module, weightShape: readonly number[], bias: boolean, rng: Rng, o: ParamOptions): void {
  kaimingUniform(m.registerParameter('weight', newParam(weightShape, o)), rng, { a: Math.sqrt(5) });
  if (bias) {
    const k = 1 / Math.sqrt(weightShape.slice(1).reduce((a, b) => a * b, 1));
    uniform(m.registerParameter('bias', newParam([weightShape[0]!], o)), rng, -k, k);
  } else m.registerParameter('bias', null);
}
