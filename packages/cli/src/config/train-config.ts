import { OPTIMIZER_NAMES, type OptimizerName } from '@descent/optim-wasm';
import { usageError } from '../errors.js';
import { readJsonFile } from '../io/json-file.js';
import { unknownName } from '../suggest.js';
import { camelKey, coerce, flagName, optionDef, OPTIMIZER_KEYS } from './options.js';

export const DATASETS = ['digits', 'breast-cancer', 'wine', 'iris', 'moons', 'circles', 'spirals', 'xor', 'blobs', 'sine'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'gelu', 'elu', 'leaky-relu'] as const;

/**
 * A training run, fully resolved: defaults, then the config file, then the flags. Written as
 * the run's config.json; `--config runs/x/config.json` reproduces the run.
 */
export interface TrainConfig {
  name: string;
  dataset: string | null;
  data: string | null;
  label: string | null;
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
export const DEFAULTS: Omit<TrainConfig, 'name' | 'optim'> = {
  dataset: 'digits',
  data: null,
  label: null,
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

/** Flat key → value pairs from a config file (camelCase or kebab-case keys; an `optim` object is flattened). */
export function readConfigFile(file: string): Record<string, unknown> {
  const raw = readJsonFile(file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw usageError(`${file}: the config must be a JSON object`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === 'optim' && v && typeof v === 'object') {
      for (const [ok, ov] of Object.entries(v as Record<string, unknown>)) out[camelKey(ok)] = ov;
    } else if (k !== 'command' && k !== 'kind' && k !== 'version') out[camelKey(k)] = v;
  }
  const known = Object.keys(DEFAULTS).concat(OPTIMIZER_KEYS, ['name']);
  for (const k of Object.keys(out)) {
    if (!optionDef(k)) throw usageError(`${file}: ${unknownName('option', k, known)}`);
  }
  return out;
}

/**
 * Resolve a run's config: DEFAULTS, then `file` values, then `flags` (only the flags the user
 * typed), each coerced and validated. Every problem is a usage error naming the flag.
 */
export function resolveTrainConfig(flags: Record<string, unknown>, file: Record<string, unknown> = {}, fileName = 'config'): TrainConfig {
  const merged: Record<string, unknown> = { ...DEFAULTS };
  const optim: Record<string, number | boolean | number[]> = {};
  const apply = (src: Record<string, unknown>, where: string) => {
    for (const [k, v] of Object.entries(src)) {
      if (v === undefined) continue;
      const def = optionDef(k);
      if (!def) throw usageError(`${where}${unknownName('option', k, Object.keys(DEFAULTS))}`);
      if (v === null) {
        if (def.optimizer) delete optim[k];
        else merged[k] = null;
        continue;
      }
      const value = coerce(def, v, where);
      if (def.optimizer) optim[k] = value as number | boolean | number[];
      else merged[k] = value;
    }
  };
  apply(file, `${fileName}: `);
  // --data replaces a dataset from the defaults or the file, and --dataset replaces --data
  if (flags['data'] !== undefined && flags['dataset'] === undefined) merged['dataset'] = null;
  if (flags['dataset'] !== undefined && flags['data'] === undefined) merged['data'] = null;
  if (file['data'] !== undefined && file['dataset'] === undefined) merged['dataset'] = null;
  apply(flags, '');
  const c = { ...merged, optim } as TrainConfig;
  validate(c);
  if (!c.name) c.name = defaultName(c);
  return c;
}

function defaultName(c: TrainConfig): string {
  const data = c.dataset ?? (c.data ? c.data.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '') : 'data');
  return `${data}-${c.model.replace(/[^a-z0-9]+/gi, '')}-${c.optimizer}`;
}

function check(ok: boolean, key: string, rule: string, value: unknown): void {
  if (!ok) throw usageError(`${flagName(key)}: ${rule}, got ${JSON.stringify(value)}`);
}

function validate(c: TrainConfig): void {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(c.optimizer)) throw usageError(unknownName('optimizer', c.optimizer, OPTIMIZER_NAMES));
  if (c.data !== null) {
    if (!c.label) throw usageError('--data needs --label NAME (the label column)');
  } else if (c.dataset === null) {
    throw usageError('no data: give --dataset NAME or --data FILE.csv --label NAME');
  } else if (!(DATASETS as readonly string[]).includes(c.dataset)) {
    throw usageError(unknownName('dataset', c.dataset, DATASETS));
  }
  if (!(ACTIVATIONS as readonly string[]).includes(c.activation)) throw usageError(unknownName('activation', c.activation, ACTIVATIONS));
  const lr = c.optim['lr'];
  if (lr !== undefined) check((lr as number) >= 0, 'lr', 'must be >= 0', lr);
  check(Number.isInteger(c.epochs) && c.epochs >= 1, 'epochs', 'must be an integer >= 1', c.epochs);
  check(c.batchSize === 'full' || (Number.isInteger(c.batchSize) && c.batchSize >= 1), 'batchSize', "must be at least 1 or 'full'", c.batchSize);
  check(c.samples >= 10, 'samples', 'must be at least 10', c.samples);
  check(c.noise >= 0, 'noise', 'must be >= 0', c.noise);
  check(c.dropout >= 0 && c.dropout < 1, 'dropout', 'must be in [0, 1)', c.dropout);
  for (const k of ['l1', 'l2', 'inputNoise', 'weightNoise', 'mixup', 'cutmix', 'gradClip'] as const) check(c[k] >= 0, k, 'must be >= 0', c[k]);
  check(c.labelSmoothing >= 0 && c.labelSmoothing < 1, 'labelSmoothing', 'must be in [0, 1)', c.labelSmoothing);
  check(Number.isInteger(c.earlyStopping) && c.earlyStopping >= 0, 'earlyStopping', 'must be a whole number of epochs', c.earlyStopping);
  check(c.valSplit >= 0 && c.valSplit < 1, 'valSplit', 'must be a fraction in [0, 1)', c.valSplit);
  check(c.testSplit >= 0 && c.testSplit < 1, 'testSplit', 'must be a fraction in [0, 1)', c.testSplit);
  check(c.valSplit + c.testSplit < 0.9, 'valSplit', 'with --test-split must leave at least 10% for training', c.valSplit + c.testSplit);
  check(Number.isInteger(c.seed) && c.seed >= 0, 'seed', 'must be a non-negative integer', c.seed);
  if (c.earlyStopping > 0 && c.valSplit === 0) throw usageError('--early-stopping needs a validation split (--val-split > 0)');
}
