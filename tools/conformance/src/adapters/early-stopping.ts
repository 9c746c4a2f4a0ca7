import { EarlyStopping, type EarlyStoppingRule } from '@descent/regularize';
import { Unsupported, type Adapter } from '../adapter.js';
import type { Check } from '../compare.js';

interface Inputs {
  values: number[];
  mode: 'min' | 'max';
  patience: number;
  min_delta: number;
  baseline: number | null;
}

/** Feed the values until a stop; returns the machine and the number of epochs run. */
function run(inputs: Inputs, rule: EarlyStoppingRule): { es: EarlyStopping; epochsRun: number } {
  const es = new EarlyStopping({ mode: inputs.mode, patience: inputs.patience, minDelta: inputs.min_delta, baseline: inputs.baseline, rule });
  let epochsRun = 0;
  for (const v of inputs.values) {
    epochsRun++;
    if (es.update(v)) break;
  }
  return { es, epochsRun };
}

/** early_stopping (FORMAT.md §F): the Keras 3 rule, and the older tf.keras rule's stop epoch. */
export const earlyStopping: Adapter = (c) => {
  const rule = (c.rule as string | undefined) ?? 'keras3';
  if (rule !== 'keras3') throw new Unsupported(`early_stopping rule '${rule}' is not mapped`);
  const inputs = c.inputs as Inputs;
  const e = c.expected;
  const { es, epochsRun } = run(inputs, 'keras3');
  const legacy = run(inputs, 'tfkeras-legacy').es;
  const orMinus1 = (v: number | null) => (v === null ? -1 : v);
  const checks: Check[] = [
    { name: 'stopped_epoch', actual: orMinus1(es.stoppedEpoch), expected: orMinus1(e.stopped_epoch), exact: true },
    { name: 'best_epoch', actual: es.bestEpoch, expected: e.best_epoch, exact: true },
    { name: 'best_value', actual: es.best ?? NaN, expected: e.best_value, exact: true },
    { name: 'epochs_run', actual: epochsRun, expected: e.epochs_run, exact: true },
    { name: 'wait', actual: es.waitHistory, expected: e.wait, exact: true },
    { name: 'stopped_epoch_tf_keras_legacy', actual: orMinus1(legacy.stoppedEpoch), expected: orMinus1(e.stopped_epoch_tf_keras_legacy), exact: true },
  ];
  return checks;
};
