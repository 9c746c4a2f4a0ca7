import { DescentError, Rng, sgd } from '@descent/optim-wasm';
import type { FitData } from '../fit/model.js';
import { linearInterpolation } from '../landscape/interpolation.js';
import { modelObjective } from '../landscape/model-objective.js';
import { mlp } from '../models/mlp.js';
import { namedDataset, prepare, type Split } from '../recipe/data.js';
import { batchSizeSweep, type BatchSizeRow } from './batch-size-sweep.js';

/**
 * The playground's batch-size view and `descent experiment batch-size --batch-sizes …`: Keskar's
 * protocol (batchSizeSweep, target loss) on a 2-D dataset, two batch sizes, plus the loss along
 * the line between the two solutions.
 */
export interface BatchSizeViewSettings {
  /** A generated 2-D dataset (moons, circles, spirals, xor, blobs). */
  dataset: string;
  samples: number;
  noise: number;
  /** Hidden widths of the ReLU MLP. */
  hidden: number[];
  /** SGD's learning rate and momentum, the same for both batch sizes (not scaled by batch size). */
  lr: number;
  momentum: number;
  batchSizes: (number | 'full')[];
  /** Train each batch size until the full training loss is below this (checked after every epoch)… */
  targetLoss: number;
  /** …or this many epochs have run. */
  maxEpochs: number;
  /** ε of the ε-sharpness box |δᵢ| ≤ ε(|θᵢ| + 1). */
  epsilon: number;
  seed: number;
}

/** The view's defaults: on moons the small batch ends flatter than the full batch at the same training loss. */
export const BATCH_SIZE_VIEW_DEFAULTS: BatchSizeViewSettings = {
  dataset: 'moons',
  samples: 400,
  noise: 0.2,
  hidden: [32, 32],
  lr: 0.1,
  momentum: 0.9,
  batchSizes: [8, 'full'],
  targetLoss: 0.05,
  maxEpochs: 300,
  epsilon: 0.01,
  seed: 7,
};

/** The fraction of rows held out to measure the test loss (stratified, `Rng(seed).fork('split')`). */
export const BATCH_SIZE_VIEW_TEST_SPLIT = 0.3;

/**
 * What `runBatchSizeView` returns (the playground's batch-size view, `descent experiment
 * batch-size --batch-sizes S,L`).
 */
export interface BatchSizeViewRun {
  /** One row per batch size ('full' resolved to the training rows in `batch`). */
  rows: (BatchSizeRow & { batch: number })[];
  /** Train and test loss at θ(α) = (1 − α)·θ₁ + α·θ₂ (θ₁ the first batch size's solution), α ∈ [−0.5, 1.5]. */
  line: { alpha: number[]; train: number[]; test: number[] };
  /** Set when a batch size missed the target (its sharpness is then confounded with less training). */
  note?: string;
}

const fitData = (s: Split, features: number): FitData => ({ x: s.x, y: s.y, n: s.n, features });

/**
 * Train an MLP from one initialisation at each batch size with SGD (+ momentum) until the
 * training loss is below the target, measure each solution's ε-sharpness, λmax and train/test
 * loss and accuracy (batchSizeSweep), and the loss along the straight line between the first
 * two solutions (linearInterpolation).
 */
export function runBatchSizeView(s: BatchSizeViewSettings): BatchSizeViewRun {
  const op = 'runBatchSizeView';
  if (s.batchSizes.length < 2) throw new DescentError('bad-arg', `${op}: batchSizes needs two batch sizes to compare, got ${s.batchSizes.length}`);
  const p = prepare(namedDataset({ dataset: s.dataset, samples: s.samples, noise: s.noise, seed: s.seed }), 0, BATCH_SIZE_VIEW_TEST_SPLIT, s.seed);
  if (p.task !== 'classification') throw new DescentError('bad-arg', `${op}: dataset '${s.dataset}' is not a classification dataset`);
  const train = fitData(p.train, p.features);
  const test = fitData(p.test!, p.features);
  const build = (rng: Rng) => mlp({ inputs: p.features, hidden: s.hidden, outputs: p.classes, rng });
  const solutions: Float64Array[] = [];
  const sweep = batchSizeSweep({
    model: build,
    train,
    test,
    batchSizes: s.batchSizes,
    seed: s.seed,
    optimizer: sgd({ lr: s.lr, momentum: s.momentum }),
    protocol: 'target-loss',
    targetLoss: s.targetLoss,
    maxEpochs: s.maxEpochs,
    epsilon: s.epsilon,
    onTrained: ({ model }) => solutions.push(modelObjective({ model, data: train }).theta()),
  });
  const probe = build(new Rng(s.seed).fork('init'));
  try {
    const along = (data: FitData) => linearInterpolation(modelObjective({ model: probe, data }), solutions[0]!, solutions[1]!, { range: [-0.5, 1.5], points: 41, accuracy: false });
    const onTrain = along(train);
    const onTest = along(test);
    const run: BatchSizeViewRun = {
      rows: sweep.rows.map((r) => ({ ...r, batch: r.batchSize === 'full' ? train.n : r.batchSize })),
      line: { alpha: onTrain.map((q) => q.alpha), train: onTrain.map((q) => q.loss), test: onTest.map((q) => q.loss) },
    };
    if (sweep.note !== undefined) run.note = sweep.note;
    return run;
  } finally {
    for (const t of probe.parameters()) t.dispose();
  }
}
