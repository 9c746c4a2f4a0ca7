import { freeState } from '@descent/optim-wasm';
import type { Trainer } from './trainer.js';

/**
 * Give a finished trainer's WASM memory back (its parameter arena and optimizer state). The
 * trainer, its model and its checkpoint() are unusable afterwards; its history stays readable.
 * Engines that train many models (cross-validation folds, ensemble members) call it so a
 * long-lived worker does not grow its memory run after run.
 */
export function releaseTrainer(t: Trainer): void {
  freeState(t.optState);
  t.arena.free();
}
