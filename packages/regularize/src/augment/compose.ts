import type { Rng } from '@descent/optim-wasm';
import { DescentError } from '@descent/optim-wasm';
import type { Batch } from '../batch.js';

/**
 * A seeded batch transform: a new batch of the same kind and (except for crops) shape. Labels
 * are never touched. Draws come from `rng` in a fixed order, so the same seed gives the same
 * batch on every backend.
 */
export type BatchTransform = <B extends Batch>(x: B, rng: Rng) => B;

/**
 * Apply transforms left to right with the same generator: compose(f, g)(x, rng) = g(f(x, rng), rng).
 *
 * @example
 * const augment = compose(randomCrop({ padding: 4 }), randomHorizontalFlip());
 * const xAug = augment(batch, rng.fork('augment'));
 */
export function compose(...transforms: BatchTransform[]): BatchTransform {
  transforms.forEach((t, i) => {
    if (typeof t !== 'function') throw new DescentError('value', `compose: transform ${i} is not a function, got ${typeof t}`);
  });
  return <B extends Batch>(x: B, rng: Rng): B => transforms.reduce<B>((acc, t) => t(acc, rng), x);
}
