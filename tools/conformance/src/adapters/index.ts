import type { Adapter } from '../adapter.js';
import { stats } from './stats.js';
import { optimizerStep } from './optimizer-step.js';
import { optimizerTrajectory } from './optimizer-trajectory.js';
import { autodiffOpAdapter } from './autodiff-op.js';
import { moduleAdapter } from './module.js';
import { augmentationMix } from './augmentation-mix.js';
import { earlyStopping } from './early-stopping.js';

/**
 * One adapter per fixture kind. A kind missing here is reported as skipped, by name.
 * Each issue that lands adds its adapter.
 */
export const adapters: Record<string, Adapter> = {
  stats,
  optimizer_step: optimizerStep,
  optimizer_trajectory: optimizerTrajectory,
  autodiff_op: autodiffOpAdapter,
  module: moduleAdapter,
  augmentation_mix: augmentationMix,
  early_stopping: earlyStopping,
};
