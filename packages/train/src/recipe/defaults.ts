// A training run's fields, names and defaults as plain data (type imports only): the playground's
// main thread reads them without loading the engine.
import type { OptimizerName } from '@descent/optim-wasm';
import type { MissingPolicy } from '../data/tabular-encoding.js';
import type { Task } from '../data/dataset.js';

/** The bundled and generated datasets a run can name in `dataset` (the CLI's `--dataset`). */
export const DATASETS = ['digits', 'breast-cancer', 'wine', 'iris', 'penguins', 'moons', 'circles', 'spirals', 'xor', 'blobs', 'sine'] as const;
/** One of DATASETS. */
export type DatasetName = (typeof DATASETS)[number];
/** The hidden-layer activations a run can name in `activation` (the CLI's `--activation`). */
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'gelu', 'elu', 'leaky-relu'] as const;

/**
 * A training run as plain data (JSON): `descent train` writes it as the run's config.json and
 * `--config runs/x/config.json` reproduces the run; the playground builds one from its URL state.
 */
export interface TrainConfig {
  name: string;
  dataset: string | null;
  data: string | null;
  label: string | null;
  /** CSV columns to leave out / to keep as features (comma-separated names), or null. */
  drop: string | null;
  features: string | null;
  /** Missing CSV cells: error (default), drop-rows, mean, median. */
  missing: MissingPolicy;
  /** The label's task, or 'auto' to detect it (the rule is printed). */
  task: 'auto' | Task;
  /** CSV delimiter, or null to detect it. */
  delimiter: string | null;
  samples: number;
  noise: number;
  model: string;
  activation: string;
  optimizer: OptimizerName;
  /** Only the hyper-parameters that were set; the rest take the optimizer's defaults. */
  optim: Record<string, number | boolean | number[]>;
  schedule: string;
  gradClip: number;
  batchSize: number | 'full';
  epochs: number;
  dropout: number;
  batchNorm: boolean;
  l1: number;
  l2: number;
  inputNoise: number;
  weightNoise: number;
  labelSmoothing: number;
  mixup: number;
  cutmix: number;
  augment: boolean;
  earlyStopping: number;
  valSplit: number;
  testSplit: number;
  seed: number;
}

/** The default run (also `npm start`): an MLP on digits with Adam. */
export const TRAIN_DEFAULTS: Omit<TrainConfig, 'name' | 'optim'> = {
  dataset: 'digits',
  data: null,
  label: null,
  drop: null,
  features: null,
  missing: 'error',
  task: 'auto',
  delimiter: null,
  samples: 600,
  noise: 0.2,
  model: 'mlp:128',
  activation: 'relu',
  optimizer: 'adam',
  schedule: 'constant',
  gradClip: 0,
  batchSize: 32,
  epochs: 30,
  dropout: 0,
  batchNorm: false,
  l1: 0,
  l2: 0,
  inputNoise: 0,
  weightNoise: 0,
  labelSmoothing: 0,
  mixup: 0,
  cutmix: 0,
  augment: false,
  earlyStopping: 0,
  valSplit: 0.1,
  testSplit: 0.2,
  seed: 0,
};

/** The generated datasets whose rows are points of the plane with a class (the playground's 2-D views). */
export const PLANE_DATASETS = ['moons', 'circles', 'spirals', 'xor', 'blobs'] as const satisfies readonly DatasetName[];
