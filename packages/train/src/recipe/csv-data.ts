import { parseCsv, type CsvDataset } from '../data/csv.js';
import type { TabularEncoding } from '../data/tabular-encoding.js';
import { TRAIN_DEFAULTS, type TrainConfig } from './config.js';
import { DescentError } from '@descent/optim-wasm';
import { CONFIG_ERROR, configError } from './errors.js';
import { runSplit } from './data.js';

/** The CSV fields of a run config, and a saved encoding (from the run's config.json) to apply instead of learning one. */
export type TableSpec = Pick<TrainConfig, 'label' | 'drop' | 'features' | 'missing' | 'task' | 'delimiter' | 'valSplit' | 'testSplit' | 'seed'> & {
  encoding?: TabularEncoding;
};

/** The table fields of a partial spec (e.g. a DataSpec), the run defaults (TRAIN_DEFAULTS) for what is not set. */
export function tableDefaults(s: Partial<TableSpec> & { seed: number }): TableSpec {
  const d = TRAIN_DEFAULTS;
  return {
    label: s.label ?? d.label,
    drop: s.drop ?? d.drop,
    features: s.features ?? d.features,
    missing: s.missing ?? d.missing,
    task: s.task ?? d.task,
    delimiter: s.delimiter ?? d.delimiter,
    valSplit: s.valSplit ?? d.valSplit,
    testSplit: s.testSplit ?? d.testSplit,
    seed: s.seed,
    ...(s.encoding ? { encoding: s.encoding } : {}),
  };
}

const list = (s: string | null) => (s ? s.split(',').map((c) => c.trim()).filter((c) => c !== '') : undefined);

/**
 * A user's CSV as a run reads it (the CLI's --data and the playground's file drop): one-hot
 * categories, fill values and a regression target's scale are learned from the run's training
 * rows only (the split `prepare` will make with the same seed), or taken from `spec.encoding`.
 * Errors name config fields as flags (`--missing`).
 *
 * @example const d = csvDataset(text, 'penguins.csv', { ...tableDefaults({ seed: 0 }), label: 'species', missing: 'drop-rows' });
 */
export function csvDataset(text: string, name: string, spec: TableSpec): CsvDataset {
  if (!spec.label) throw configError('--data needs --label NAME (the label column)');
  try {
    return parseCsv(text, {
      label: spec.label,
      name,
      ...(spec.task !== 'auto' ? { task: spec.task } : {}),
      ...(spec.delimiter ? { delimiter: spec.delimiter } : {}),
      ...(list(spec.drop) ? { drop: list(spec.drop) } : {}),
      ...(list(spec.features) ? { features: list(spec.features) } : {}),
      missing: spec.missing,
      scaleTarget: true,
      ...(spec.encoding ? { encoding: spec.encoding } : {}),
      fitRows: (n, y, task) => runSplit(n, task === 'classification' ? y : undefined, spec.valSplit, spec.testSplit, spec.seed).train,
    });
  } catch (e) {
    if (!(e instanceof DescentError) || e.code === CONFIG_ERROR) throw e;
    // the library names option fields ('missing'); a run names them as flags (--missing)
    const message = e.message.replace(/^parseCsv: /, '').replace(/(^|[(; ])'(missing|drop|features|delimiter|task)'/g, '$1--$2');
    throw configError(`${name}: ${message}`);
  }
}
