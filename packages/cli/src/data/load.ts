import { namedDataset, parseCsv, type Dataset } from '@descent/train';
import { asInputError } from '../errors.js';
import { readRegularFile } from '../io/read-file.js';

export interface LoadSpec {
  dataset: string | null;
  data: string | null;
  label: string | null;
  samples: number;
  noise: number;
  seed: number;
}

/** The run's CSV file (--data, with line and column in errors) or the named dataset (exit 2 on errors). */
export function loadDataset(spec: LoadSpec): Dataset {
  if (spec.data === null) return asInputError(`--dataset ${spec.dataset}`, () => namedDataset(spec));
  const text = readRegularFile(spec.data);
  const label = /^-?\d+$/.test(spec.label ?? '') ? Number(spec.label) : (spec.label ?? -1);
  return asInputError(spec.data, () => parseCsv(text, { label, name: spec.data!.replace(/^.*[\\/]/, '') }));
}
