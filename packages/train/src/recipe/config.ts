import { OPTIMIZER_NAMES } from '@descent/optim-wasm';
import { ACTIVATIONS, DATASETS, type TrainConfig } from './defaults.js';
import { configError, field } from './errors.js';
import { unknownName } from './suggest.js';
import { MISSING_POLICIES } from '../data/tabular-encoding.js';

export { DATASETS, ACTIVATIONS, TRAIN_DEFAULTS, type DatasetName, type TrainConfig } from './defaults.js';

const TASKS = ['auto', 'classification', 'regression'] as const;

/** `digits-mlp128-adam`: the dataset (or CSV file stem), the model spec, the optimizer. */
export function defaultRunName(c: TrainConfig): string {
  const data = c.dataset ?? (c.data ? c.data.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '') : 'data');
  return `${data}-${c.model.replace(/[^a-z0-9]+/gi, '')}-${c.optimizer}`;
}

function check(ok: boolean, key: string, rule: string, value: unknown): void {
  if (!ok) throw configError(`${field(key)}: ${rule}, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`);
}

/** The fields the training loop counts with (a trainer checks them even when built without validateTrainConfig). */
export function validateLoopFields(c: Pick<TrainConfig, 'epochs' | 'batchSize' | 'earlyStopping'>): void {
  check(Number.isInteger(c.epochs) && c.epochs >= 1, 'epochs', 'must be an integer >= 1', c.epochs);
  check(c.batchSize === 'full' || (Number.isInteger(c.batchSize) && c.batchSize >= 1), 'batchSize', "must be at least 1 or 'full'", c.batchSize);
  check(Number.isInteger(c.earlyStopping) && c.earlyStopping >= 0, 'earlyStopping', 'must be a whole number of epochs', c.earlyStopping);
}

/** Check every field's range; a DescentError ('bad-config') names the field (as its flag) and value. */
export function validateTrainConfig(c: TrainConfig): void {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(c.optimizer)) throw configError(unknownName('optimizer', c.optimizer, OPTIMIZER_NAMES));
  if (c.data !== null) {
    if (!c.label) throw configError(`${field('data')} needs ${field('label')} NAME (the label column)`);
  } else if (c.dataset === null) {
    throw configError(`no data: give ${field('dataset')} NAME or ${field('data')} FILE.csv ${field('label')} NAME`);
  } else if (!(DATASETS as readonly string[]).includes(c.dataset)) {
    throw configError(unknownName('dataset', c.dataset, DATASETS));
  }
  if (!MISSING_POLICIES.includes(c.missing)) throw configError(unknownName('--missing value', c.missing, MISSING_POLICIES));
  if (!TASKS.includes(c.task)) throw configError(unknownName('--task', c.task, TASKS));
  if (!(ACTIVATIONS as readonly string[]).includes(c.activation)) throw configError(unknownName('activation', c.activation, ACTIVATIONS));
  const lr = c.optim['lr'];
  if (lr !== undefined) check((lr as number) >= 0, 'lr', 'must be >= 0', lr);
  validateLoopFields(c);
  check(c.samples >= 10, 'samples', 'must be at least 10', c.samples);
  check(c.noise >= 0, 'noise', 'must be >= 0', c.noise);
  check(c.dropout >= 0 && c.dropout < 1, 'dropout', 'must be in [0, 1)', c.dropout);
  for (const k of ['l1', 'l2', 'inputNoise', 'weightNoise', 'mixup', 'cutmix', 'gradClip'] as const) check(c[k] >= 0, k, 'must be >= 0', c[k]);
  check(c.labelSmoothing >= 0 && c.labelSmoothing < 1, 'labelSmoothing', 'must be in [0, 1)', c.labelSmoothing);
  check(c.valSplit >= 0 && c.valSplit < 1, 'valSplit', 'must be a fraction in [0, 1)', c.valSplit);
  check(c.testSplit >= 0 && c.testSplit < 1, 'testSplit', 'must be a fraction in [0, 1)', c.testSplit);
  check(c.valSplit + c.testSplit < 0.9, 'valSplit', `with ${field('testSplit')} must leave at least 10% for training`, c.valSplit + c.testSplit);
  check(Number.isInteger(c.seed) && c.seed >= 0, 'seed', 'must be a non-negative integer', c.seed);
  if (c.earlyStopping > 0 && c.valSplit === 0) throw configError(`${field('earlyStopping')} needs a validation split (${field('valSplit')} > 0)`);
}
