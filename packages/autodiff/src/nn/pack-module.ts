import { DescentError, type Core, type F32Buffer, type ParamArena } from '@descent/optim-wasm';
import { packParameters } from '../parameters.js';
import type { Tensor } from '../tensor.js';
import type { Module } from './module.js';

/**
 * Move every parameter of `module` into one flat `ParamArena` (values and gradients
 * contiguous), named by their dotted names, so one fused optimizer call updates the whole model
 * and backward writes gradients where it reads them.
 *
 * @example const arena = packModule(model); const state = adam({ lr: 1e-3 }).init(arena);
 */
export function packModule(module: Module, core?: Core): ParamArena {
  const named = module.namedParameters();
  if (named.length === 0) throw new DescentError('bind', `packModule: ${module.typeName} has no parameters`);
  for (const [name, p] of named) {
    if (p.backend.name !== 'wasm') throw new DescentError('backend', `packModule: parameter '${name}' lives on the ${p.backend.name} backend; the arena needs WASM`);
    p.name = name;
  }
  return packParameters(named.map(([, p]) => p as Tensor<F32Buffer>), core);
}
