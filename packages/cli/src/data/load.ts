import { csvDataset, namedDataset, tableDefaults, type DataSpec, type Dataset } from '@descent/train';
import { asInputError } from '../errors.js';
import { readRegularFile } from '../io/read-file.js';

/** What a command needs to load its data: the run config's data fields (a saved encoding on resume). */
export interface LoadSpec extends DataSpec {
  data: string | null;
}

/** The run's CSV file (--data, with line and column in errors) or the named dataset (exit 2 on errors). */
export function loadDataset(spec: LoadSpec): Dataset {
  if (spec.data === null) return asInputError(`--dataset ${spec.dataset}`, () => namedDataset(spec));
  const text = readRegularFile(spec.data);
  return asInputError(spec.data, () => csvDataset(text, csvName(spec.data!), tableDefaults(spec)));
}

/** --label as parseCsv takes it: a column index when it is an integer, else a header name. */
export function csvLabel(label: string | null): string | number {
  return /^-?\d+$/.test(label ?? '') ? Number(label) : (label ?? -1);
}

/** The dataset name of a CSV file: its base name. */
export function csvName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}
