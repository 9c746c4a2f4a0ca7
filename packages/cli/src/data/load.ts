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
  return asInputError(spec.data, () => parseCsv(text, { label: csvLabel(spec.label), name: csvName(spec.data!) }));
}

/** --label as parseCsv takes it: a column index when it is an integer, else a header name. */
export function csvLabel(label: string | null): string | number {
  return /^-?\d+$/.test(label ?? '') ? Number(label) : (label ?? -1);
}

/** The dataset name of a CSV file: its base name. */
export function csvName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}
