/**
 * Learning-rate schedules: pure `(step) => lr` closed forms with PyTorch's semantics, where
 * `step` is the number of optimizer steps already taken; and ReduceLROnPlateau, a state machine.
 */
export type { LrSchedule } from './validate.js';
export { constantLr, linearLr, stepLr, multiStepLr, exponentialLr, polynomialLr } from './basic.js';
export { cosineAnnealingLr, cosineAnnealingWarmRestarts } from './cosine.js';
export { linearWarmup } from './warmup.js';
export { oneCycleLr, type OneCycleOptions } from './one-cycle.js';
export {
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type ReduceLROnPlateauState,
} from './reduce-on-plateau.js';
