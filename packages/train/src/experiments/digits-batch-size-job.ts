import { DescentError, sgd } from '@descent/optim-wasm';
import { loadDigits } from '../data/bundled-node.js';
import { subset } from '../data/loader.js';
import { standardize } from '../data/standardize.js';
import { defineJob, type JobContext, type JobDefinition } from '../jobs/jobs.js';
import { jobDataset, type JobData } from '../jobs/job-data.js';
import type { Json } from '../jobs/json.js';
import { modelTensors, type NamedTensor } from '../fit/checkpoint-content.js';
import type { Model } from '../fit/model.js';
import type { EpochRecord, FitResult, StopReason } from '../fit/types.js';
import { mlp } from '../models/mlp.js';
import { holdoutSplit } from '../selection/holdout.js';
import { batchSizeSweep, type BatchSizeRow, type SweepProtocol } from './batch-size-sweep.js';

/**
 * One point of the digits batch-size sweep, as JSON. `inputScale` 'unit' divides the 0–16 pixel
 * counts by 16 (inputs in [0, 1]); 'standardize' centres and scales each feature on the train rows.
 */
export type DigitsBatchSizeConfig = {
  batchSize: number | 'full';
  hidden: number[];
  lr: number;
  momentum: number;
  protocol: SweepProtocol;
  targetLoss: number;
  maxEpochs: number;
  epochs: number;
  epsilon: number;
  ascentSteps: number;
  hessianIterations: number;
  inputScale: 'unit' | 'standardize';
  testFraction: number;
  /** Another classification dataset instead of digits (read as the run reads it; inputScale must be 'standardize'). */
  data?: JobData & Record<string, Json>;
  /** Also return the trained model's epochs and final weights (`trained`). */
  record?: boolean;
};

/**
 * The digits batch-size point's defaults (`descent experiment batch-size`): MLP 64-128-128-10, SGD
 * lr 0.1 with momentum 0.9, to a training loss of 0.01 in at most 500 epochs, ε = 1e-3, 20 ascent
 * steps and 20 power iterations, inputs scaled to [0, 1], 20 % test rows.
 */
export const DIGITS_BATCH_SIZE_DEFAULTS: Omit<DigitsBatchSizeConfig, 'batchSize'> = {
  hidden: [128, 128],
  lr: 0.1,
  momentum: 0.9,
  protocol: 'target-loss',
  targetLoss: 0.01,
  maxEpochs: 500,
  epochs: 20,
  epsilon: 1e-3,
  ascentSteps: 20,
  hessianIterations: 20,
  inputScale: 'unit',
  testFraction: 0.2,
};

/**
 * What one batch size of the digits experiment returns (a job's value): its BatchSizeRow with the
 * seed, the sweep's note, and with `record` its epochs and final weights.
 */
export type DigitsBatchSizeResult = BatchSizeRow & {
  seed: number;
  note?: string;
  /** With `record`: fit's epochs, why it stopped, and the final weights (`model/<name>`). */
  trained?: { history: EpochRecord[]; stopReason: StopReason; tensors: NamedTensor[] };
};

/**
 * The digits point: a stratified train/test split drawn from the job seed, the MLP
 * 64-hidden…-10 (PyTorch default init from the seed), SGD with momentum (lr unscaled by batch
 * size), then `batchSizeSweep` at one batch size. The same seed gives every batch size the same
 * split, initial weights and shuffling stream.
 */
function runPoint(c: DigitsBatchSizeConfig, ctx: JobContext): DigitsBatchSizeResult {
  if (c.data !== undefined && c.inputScale !== 'standardize') throw new DescentError('bad-arg', `digits batch-size job: a dataset of its own ('data') needs inputScale 'standardize', got ${String(c.inputScale)}`);
  const d = c.data === undefined ? loadDigits() : jobDataset(c.data, ctx);
  const split = holdoutSplit(d.n, { test: c.testFraction, stratify: d.y, rng: ctx.rng.fork('split') });
  let all = d;
  if (c.inputScale === 'unit') all = { ...d, x: d.x.map((v) => v / 16) };
  else if (c.inputScale === 'standardize') all = standardize(d, undefined, split.train).apply(d);
  else throw new DescentError('bad-arg', `digits batch-size job: inputScale must be 'unit' or 'standardize', got ${String(c.inputScale)}`);
  let trained: DigitsBatchSizeResult['trained'];
  const sweep = batchSizeSweep({
    model: (rng) => mlp({ inputs: d.features, hidden: c.hidden, outputs: d.classes!, rng }),
    train: subset(all, split.train),
    test: subset(all, split.test),
    batchSizes: [c.batchSize],
    seed: ctx.seed,
    optimizer: sgd({ lr: c.lr, momentum: c.momentum }),
    protocol: c.protocol,
    targetLoss: c.targetLoss,
    maxEpochs: c.maxEpochs,
    epochs: c.epochs,
    epsilon: c.epsilon,
    ascentSteps: c.ascentSteps,
    hessianIterations: c.hessianIterations,
    ...(c.record ? { onTrained: ({ model, fit }: { model: Model; fit: FitResult }) => void (trained = { history: [...fit.history], stopReason: fit.stopReason, tensors: modelTensors(model) }) } : {}),
  });
  const row: DigitsBatchSizeResult = { ...sweep.rows[0]!, seed: ctx.seed };
  if (sweep.note !== undefined) row.note = sweep.note;
  if (trained) row.trained = trained;
  return row;
}

/** The job kind of one digits sweep point (registered on first call, not at import). */
export function digitsBatchSizeJob(): JobDefinition<DigitsBatchSizeConfig, DigitsBatchSizeResult> {
  return defineJob('experiments/digits-batch-size', runPoint);
}
