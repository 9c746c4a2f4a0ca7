import type { TabularEncoding, TrainConfig } from '@descent/train';
import { flagName } from '../config/options.js';
import { usageError } from '../errors.js';

/** Fields that define the data, its split or the model: a resumed run must keep them. */
const FIXED_ON_RESUME = [
  'dataset',
  'data',
  'label',
  'drop',
  'features',
  'missing',
  'task',
  'delimiter',
  'samples',
  'noise',
  'valSplit',
  'testSplit',
  'seed',
  'model',
  'activation',
  'dropout',
  'batchNorm',
] as const satisfies readonly (keyof TrainConfig)[];

/** Exit 2 naming every fixed field that differs between the saved run config and the resumed one. */
export function checkResumable(dir: string, saved: TrainConfig, next: TrainConfig): void {
  const changed = FIXED_ON_RESUME.filter((k) => JSON.stringify(saved[k]) !== JSON.stringify(next[k]));
  if (changed.length === 0) return;
  const what = changed.map((k) => `${flagName(k)} ${JSON.stringify(saved[k])} → ${JSON.stringify(next[k])}`).join(', ');
  throw usageError(`--resume ${dir}: cannot change ${what}: they define the data split or the model (start a new run instead)`);
}

/** The CSV encoding saved in a run's config.json, if any, to apply again on resume. */
export function savedEncoding(configJson: unknown): TabularEncoding | undefined {
  const e = (configJson as { encoding?: TabularEncoding } | null)?.encoding;
  return e && typeof e === 'object' ? e : undefined;
}
