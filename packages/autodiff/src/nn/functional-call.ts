import { DescentError } from '@descent/optim-wasm';
import type { Tensor } from '../tensor.js';
import type { Module } from './module.js';

/**
 * Run `module.forward(input)` with some parameters or buffers replaced by the given tensors
 * (by dotted name, same shapes), then restore them (torch.func.functional_call). This turns a
 * model into a function of its parameters, for `gradcheck`, `hvp` or per-sample tricks.
 *
 * @example functionalCall(model, { '0.weight': w }, x)
 */
export function functionalCall(module: Module, tensors: Record<string, Tensor>, input: Tensor): Tensor {
  const owners = new Map(module.namedModules());
  const restore: (() => void)[] = [];
  try {
    for (const [name, t] of Object.entries(tensors)) {
      const dot = name.lastIndexOf('.');
      const owner = owners.get(dot < 0 ? '' : name.slice(0, dot));
      const leaf = name.slice(dot + 1);
      const isParam = owner?.namedParameters(false).some(([n]) => n === leaf) ?? false;
      const isBuffer = owner?.namedBuffers(false).some(([n]) => n === leaf) ?? false;
      if (!owner || (!isParam && !isBuffer)) throw new DescentError('value', `functionalCall: ${module.typeName} has no parameter or buffer '${name}'`);
      if (isParam) {
        const prev = owner.setParameter(leaf, t);
        restore.push(() => owner.setParameter(leaf, prev));
      } else {
        const prev = owner.setBuffer(leaf, t);
        restore.push(() => owner.setBuffer(leaf, prev));
      }
    }
    return module.forward(input);
  } finally {
    for (const r of restore.reverse()) r();
  }
}
