// Plain data describing each view's run: shared by the UI (URL state, CLI command) and the
// worker (engine). The name lists are train's and optim-wasm's plain-data modules (no engine code
// reaches the main thread: the browser test checks the main chunk).
import { OPTIMIZER_NAMES } from '@descent/optim-wasm';
import { ACTIVATIONS, PLANE_DATASETS, TRAIN_DEFAULTS, type TrainConfig } from '@descent/train';

export const VIEWS = ['race', 'classifier', 'sharpness', 'bias-variance', 'ensembles', 'cv'] as const;
export type ViewName = (typeof VIEWS)[number];

// The race's functions, racers and settings are the engine's own plain data (no engine code).
export { RACE_FUNCTIONS as FUNCTIONS, RACERS, type RaceFunctionName as FunctionName, type RacerName, type RaceSettings as RaceConfig } from '@descent/train/race-functions';

/** The generated 2-D datasets, and 'csv': the file the user dropped. */
export const DATASETS = [...PLANE_DATASETS, 'csv'] as const;
export type DatasetName = (typeof DATASETS)[number];
export { ACTIVATIONS, OPTIMIZER_NAMES as OPTIMIZERS };
export type Activation = (typeof ACTIVATIONS)[number];
export type OptimizerChoice = (typeof OPTIMIZER_NAMES)[number];

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

/** The regularizer fields of a classifier run. */
const REGULARIZERS = ['dropout', 'batchNorm', 'l1', 'l2', 'inputNoise', 'weightNoise', 'labelSmoothing', 'mixup', 'earlyStopping'] as const;

/** A classifier run without any regularizer (each at `descent train`'s default: off). */
export const NO_REGULARIZERS = Object.fromEntries(REGULARIZERS.map((k) => [k, TRAIN_DEFAULTS[k]])) as Pick<TrainConfig, (typeof REGULARIZERS)[number]>;

/** `descent experiment batch-size --batch-sizes S,L …` (train's BatchSizeViewSettings): Keskar's protocol, each batch size trained to the target loss. */
export interface SharpnessConfig {
  dataset: Exclude<DatasetName, 'csv'>;
  samples: number;
  noise: number;
  hidden: number[];
  /** SGD with momentum, the same lr for both batch sizes. */
  lr: number;
  momentum: number;
  smallBatch: number;
  /** 0 = the full training set. */
  largeBatch: number;
  /** Each batch size trains until the training loss is below this… */
  targetLoss: number;
  /** …or for this many epochs. */
  maxEpochs: number;
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
