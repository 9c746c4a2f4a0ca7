import { DescentError, type ParamArena } from '@descent/optim-wasm';
import { packParameters } from '@descent/autodiff';
import type { Model } from './model.js';

const arenas = new WeakMap<object, ParamArena>();

/**
 * The flat parameter arena of a model: packed on first use (autodiff's `packParameters`, which
 * rebinds every parameter to a view of one contiguous buffer) and reused afterwards, so fitting
 * the same model again, resuming from a checkpoint or restoring the best weights all update the
 * same memory the optimizer state was built for.
 */
export function modelArena(model: Model): ParamArena {
  const params = model.parameters();
  if (params.length === 0) throw new DescentError('bad-model', 'fit: the model has no parameters');
  const cached = arenas.get(model);
  if (cached && cached.values.isAlive && isBound(params, cached)) return cached;
  const arena = packParameters(params as never);
  arenas.set(model, arena);
  return arena;
}

function isBound(params: ReturnType<Model['parameters']>, arena: ParamArena): boolean {
  if (params.length !== arena.count) return false;
  return params.every((p, i) => !p.isDisposed && p.storage === arena.value(i));
}

/** A copy of all parameter values (one read of the arena). */
export function snapshotParams(arena: ParamArena): Float32Array {
  return arena.values.read();
}

/** Write a snapshot back into the arena (bit-exact restore). */
export function restoreParams(arena: ParamArena, values: Float32Array, params?: ReturnType<Model['parameters']>): void {
  if (values.length !== arena.length) {
    throw new DescentError('bad-state', `restoreParams: snapshot has ${values.length} values, the arena has ${arena.length}`);
  }
  arena.values.write(values);
  // tensors over the arena must see the change (saved-tensor version checks)
  for (const p of params ?? []) p.markModified();
}
