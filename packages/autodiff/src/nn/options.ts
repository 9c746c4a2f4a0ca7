import type { Rng } from '@descent/optim-wasm';
import { defaultBackend, type AnyBackend } from '../context.js';
import { zeros } from '../create.js';
import { checkRng } from '../init/fill.js';
import type { Tensor } from '../tensor.js';

/** What every layer with parameters takes: the seeded Rng for its init, and optionally a backend. */
export interface ParamOptions {
  /** Draws the initial parameters (advanced in place), e.g. `new Rng(seed)`. Required. */
  rng: Rng;
  /** Where parameters live (default: the current default backend, WASM). */
  backend?: AnyBackend;
}

/** A zero parameter tensor of `shape` on the layer's backend (the caller initialises it). */
export function newParam(shape: readonly number[], o: ParamOptions): Tensor {
  return zeros(shape, { backend: o.backend ?? defaultBackend(), requiresGrad: true });
}

export function layerRng(op: string, o: ParamOptions | undefined): Rng {
  return checkRng(op, o?.rng);
}
