// Plain data describing each view's run: shared by the UI (URL state, CLI command) and the
// worker (engine). Imports only types, so the main thread can use it without pulling in the engine.
import type { TrainConfig } from '@descent/train';

export const VIEWS = ['race', 'classifier', 'sharpness', 'bias-variance', 'ensembles', 'cv'] as const;
export type ViewName = (typeof VIEWS)[number];

// The race's functions, racers and settings are the engine's own plain data (no engine code).
export { RACE_FUNCTIONS as FUNCTIONS, RACERS, type RaceFunctionName as FunctionName, type RacerName, type RaceSettings as RaceConfig } from '@descent/train/race-functions';

export const DATASETS = ['moons', 'circles', 'spirals', 'xor', 'blobs', 'csv'] as const;
export type DatasetName = (typeof DATASETS)[number];
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'gelu', 'elu', 'leaky-relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export const OPTIMIZERS = ['sgd', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adamax'] as const;
export type OptimizerChoice = (typeof OPTIMIZERS)[number];

/** The fields a classifier run shares, name and meaning, with `descent train`'s config. */
type SharedTrainFields = 'samples' | 'noise' | 'epochs' | 'dropout' | 'batchNorm' | 'l1' | 'l2' | 'inputNoise' | 'weightNoise' | 'labelSmoothing' | 'mixup' | 'earlyStopping' | 'valSplit' | 'testSplit' | 'seed';

/** A classifier run: `descent train`'s fields, plus the view's own forms of the dataset, model and optimizer. */
export interface ClassifierConfig extends Pick<TrainConfig, SharedTrainFields> {
  dataset: DatasetName;
  hidden: number[];
  activation: Activation;
  optimizer: OptimizerChoice;
  lr: number;
  momentum: number;
  /** 0 = the full training set (batch gradient descent). */
  batchSize: number;
}

/** A classifier run without any regularizer (each at `descent train`'s default: off). */
export const NO_REGULARIZERS = {
  dropout: 0,
  batchNorm: false,
  l1: 0,
  l2: 0,
  inputNoise: 0,
  weightNoise: 0,
  labelSmoothing: 0,
  mixup: 0,
  earlyStopping: 0,
} as const satisfies Partial<ClassifierConfig>;

export interface SharpnessConfig {
  dataset: DatasetName;
  samples: number;
  noise: number;
  hidden: number[];
  lr: number;
  smallBatch: number;
  largeBatch: number;
  epochs: number;
  epsilon: number;
  seed: number;
}

export interface BiasVarianceConfig {
  samples: number;
  noise: number;
  degree: number;
  fits: number;
  maxDegree: number;
  seed: number;
}

/** Bagging's network members (`descent ensemble bag`) and AdaBoost with stumps (`descent ensemble boost --learner stump`). */
export interface EnsembleConfig {
  dataset: DatasetName;
  samples: number;
  noise: number;
  members: number;
  rounds: number;
  /** Each bagged member: an MLP of these hidden sizes trained with Adam. */
  hidden: number[];
  lr: number;
  /** 0 = the full training set. */
  batchSize: number;
  epochs: number;
  seed: number;
}

/** `descent cv --search 'l2=…'`: stratified k-fold over L2 strengths of an MLP trained with Adam. */
export interface CvConfig {
  dataset: DatasetName;
  samples: number;
  noise: number;
  folds: number;
  /** Candidate L2 strengths compared by k-fold cross-validation. */
  candidates: number[];
  hidden: number[];
  lr: number;
  /** 0 = the full training set. */
  batchSize: number;
  epochs: number;
  seed: number;
}
