import { evaluate } from './evaluate.js';
import type { FitData, Model } from './model.js';
import type { EpochRecord, FitOptions } from './types.js';

/** The running train figures of the epoch in progress: Σ batch loss × rows, rows, right answers. */
export interface EpochSums {
  lossSum: number;
  lossCount: number;
  hits: number;
}

/**
 * The record an epoch ends with: the mean train objective and accuracy as the steps computed
 * them (train mode), and with validation data one evaluation of it (eval mode).
 */
export function epochRecord(
  model: Model,
  validation: FitData | undefined,
  options: { loss: FitOptions['loss']; evalBatchSize: FitOptions['evalBatchSize'] },
  at: { epoch: number; lr: number; steps: number; classes: boolean },
  sums: EpochSums,
): EpochRecord {
  const record: EpochRecord = { epoch: at.epoch, trainLoss: sums.lossSum / sums.lossCount, lr: at.lr, steps: at.steps };
  if (at.classes) record.trainAccuracy = sums.hits / sums.lossCount;
  if (validation) {
    const e = evaluate(model, validation, { loss: options.loss, batchSize: options.evalBatchSize, confusion: false });
    record.valLoss = e.loss;
    if (e.accuracy !== undefined) record.valAccuracy = e.accuracy;
    if (e.mse !== undefined) record.valMse = e.mse;
  }
  return record;
}
