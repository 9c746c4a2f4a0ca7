import { asInputError, usageError } from '../errors.js';
import { readJsonFile } from '../io/json-file.js';
import { checkDatasetSize } from './limits.js';
import { camelKey, coerce, optionDef, OPTIMIZER_KEYS } from './options.js';
import { defaultRunName, TRAIN_DEFAULTS as DEFAULTS, unknownName, validateTrainConfig, type TrainConfig } from '@descent/train';

/** Flat key → value pairs from a config file (camelCase or kebab-case keys; an `optim` object is flattened). */
export function readConfigFile(file: string): Record<string, unknown> {
  const raw = readJsonFile(file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw usageError(`${file}: the config must be a JSON object`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === 'optim' && v && typeof v === 'object') {
      for (const [ok, ov] of Object.entries(v as Record<string, unknown>)) out[camelKey(ok)] = ov;
    } else if (k !== 'command' && k !== 'kind' && k !== 'version' && k !== 'encoding') out[camelKey(k)] = v;
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
  asInputError('config', () => validateTrainConfig(c));
  checkDatasetSize(c);
  if (!c.name) c.name = defaultRunName(c);
  return c;
}
