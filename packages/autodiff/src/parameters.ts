import { DescentError, F32Buffer, ParamArena, type Core } from '@descent/optim-wasm';
import { fmt } from './shape.js';
import type { Tensor } from './tensor.js';

/** Anything with per-parameter value/grad views, like optim-wasm's ParamArena. */
export interface ArenaViews<S> {
  /** Parameter i's values. */
  value(i: number): S;
  /** Parameter i's gradient. */
  grad(i: number): S;
}

/**
 * Rebind leaf tensors to the views of a parameter arena, in order: parameter i's values are
 * copied into `arena.value(i)` and its gradient accumulates into `arena.grad(i)`, so backward
 * writes gradients exactly where the fused optimizer step reads them.
 */
export function bindParameters<S>(params: readonly Tensor<S>[], arena: ArenaViews<S>): void {
  params.forEach((p, i) => {
    if (!p.requiresGrad) throw new DescentError('bind', `bindParameters: parameter ${i}${p.name ? ` '${p.name}'` : ''} ${fmt(p.shape)} does not require grad`);
    p.bindStorage(arena.value(i), arena.grad(i));
  });
}

/**
 * Pack WASM parameters into one new `ParamArena` (values and gradients contiguous) and rebind
 * them to its views. Returns the arena for the optimizer (`opt.init(arena)`, `opt.step(arena, …)`).
 */
export function packParameters(params: readonly Tensor<F32Buffer>[], core?: Core): ParamArena {
  if (params.length === 0) throw new DescentError('bind', 'packParameters: no parameters given');
  const c = core ?? params[0]!.storage.core;
  for (const p of params) {
    const s = p.storageFor('packParameters');
    if (!(s instanceof F32Buffer) || s.core !== c) throw new DescentError('backend', `packParameters: parameter ${fmt(p.shape)} is not on this core's WASM backend`);
  }
  const names = params.map((p, i) => p.name ?? `param${i}`);
  const unique = new Set(names).size === names.length;
  const arena = ParamArena.pack(c, params.map((p) => p.size), unique ? names : undefined);
  bindParameters(params, arena);
  return arena;
}
