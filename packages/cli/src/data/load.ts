import { readFileSync } from 'node:fs';
import { namedDataset, parseCsv, type Dataset } from '@descent/train';
import { asInputError, usageError } from '../errors.js';

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
  let text: string;
  try {
    text = readFileSync(spec.data, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(code === 'ENOENT' ? `${spec.data}: no such file` : `${spec.data}: cannot read (${code ?? String(e)})`);
  }
  const label = /^-?\d+$/.test(spec.label ?? '') ? Number(spec.label) : (spec.label ?? -1);
  return asInputError(spec.data, () => parseCsv(text, { label, name: spec.data!.replace(/^.*[\\/]/, '') }));
}
