// Optimizers: fused WASM updates over a ParamArena, explicit state, PyTorch names and layout.
export { ParamArena, type ParamRange } from './param-arena.js';
export type {
  OptimizerName,
  Optimizer,
  OptimizerState,
  GroupState,
  ParamGroupSpec,
  StepOptions,
  StepInfo,
  Hyper,
  HyperValue,
  Rule,
  SlotSpec,
} from './types.js';
export { sgd, type SgdOptions } from './sgd.js';
export { adagrad, KERAS_ADAGRAD, type AdagradOptions } from './adagrad.js';
export { adadelta, type AdadeltaOptions } from './adadelta.js';
export { rmsprop, type RmspropOptions } from './rmsprop.js';
export { adam, adamw, type AdamOptions } from './adam.js';
export { nadam, type NadamOptions } from './nadam.js';
export { radam, type RadamOptions } from './radam.js';
export { adamax, type AdamaxOptions } from './adamax.js';
export { freeState } from './make-optimizer.js';
export { createOptimizer, optimizerFromTorch, nameFromTorch, optionsFromTorch, optionsToTorch } from './registry.js';
export { OPTIMIZER_NAMES } from './names.js';
export { stateDict, loadStateDict, STATE_DICT_FORMAT, type StateDict, type StateDictJson, type BlobRef } from './state-dict.js';
export { clipGradNorm, clipGradValue, gradientNoise, type ClipGradNormOptions, type GradientNoiseOptions } from './pre-steps.js';
