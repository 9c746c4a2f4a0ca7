import { adagradDecayExperiment, adamEpsilonExperiment } from './adaptive.js';
import type { Experiment } from './context.js';
import { batchSizeExperiment, biasVarianceExperiment } from './landscape.js';
import { optimizersExperiment } from './optimizers.js';
import { regularizersExperiment } from './regularizers.js';
import { baggingExperiment, boostingExperiment, crossValidationExperiment } from './selection.js';

/** Every experiment of `descent experiment NAME`, in the order `all` runs them. */
export const EXPERIMENTS: Experiment[] = [
  optimizersExperiment,
  batchSizeExperiment,
  biasVarianceExperiment,
  baggingExperiment,
  boostingExperiment,
  regularizersExperiment,
  adagradDecayExperiment,
  adamEpsilonExperiment,
  crossValidationExperiment,
];

export const EXPERIMENT_NAMES = EXPERIMENTS.map((e) => e.name);
