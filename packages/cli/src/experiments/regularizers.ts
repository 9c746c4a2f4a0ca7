import { Rng } from '@descent/optim-wasm';
import { holdoutSplit, prepare, prepareRows } from '@descent/train';
import { loadDataset } from '../data/load.js';
import type { Figure } from '../report/results.js';
import { meanStd } from '../commands/output.js';
import { configWith, needClasses, onUserData, recordRun, userData, type Experiment, type ExperimentContext } from './context.js';
import { trainAll, type Training } from './train-jobs.js';

/**
 * The ablation: each regularizer alone on the same over-fitting setup. Strengths for 2-D inputs,
 * picked from a one-seed exploratory sweep (seed 0, 200 epochs; L1 1e-3 and L2 1e-2 did nothing there).
 */
export const VARIANTS: { name: string; flags: Record<string, unknown> }[] = [
  { name: 'none', flags: {} },
  { name: 'l2 3e-2', flags: { l2: 3e-2 } },
  { name: 'l1 1e-2', flags: { l1: 1e-2 } },
  { name: 'dropout 0.5', flags: { dropout: 0.5 } },
  { name: 'batch-norm', flags: { batchNorm: true } },
  { name: 'input-noise 0.3', flags: { inputNoise: 0.3 } },
  { name: 'weight-noise 0.05', flags: { weightNoise: 0.05 } },
  { name: 'label-smoothing 0.2', flags: { labelSmoothing: 0.2 } },
  { name: 'mixup 0.4', flags: { mixup: 0.4 } },
  { name: 'early-stopping 20', flags: { earlyStopping: 20 } },
];

/** The over-fitting setup: few noisy points, a wide network, long training (tunable for tests). */
export const REG_SETUP = {
  dataset: 'moons',
  samples: 1000,
  noise: 0.35,
  train: 40,
  val: 100,
  model: 'mlp:256-256',
  optimizer: 'adam',
  lr: 0.01,
  batchSize: 10,
  epochs: 400,
  quickEpochs: 150,
  seeds: 3,
  quickSeeds: 2,
};

interface Cell {
  seed: number;
  trainAccuracy: number;
  testAccuracy: number;
  gap: number;
  trainLoss: number;
  testLoss: number;
  epochs: number;
}

/**
 * Regularizer ablation on an over-fitting setup: a wide MLP (2-256-256-2, Adam) trained long on
 * only 40 points of noisy two moons (σ = 0.35), tested on ~860 held-out points of the same draw;
 * each regularizer alone, same data, init and batches per seed; several seeds (each its own draw,
 * split and init). Reports train and test accuracy and the generalisation gap (train − test),
 * per seed and as mean ± std over seeds.
 */
export const regularizersExperiment: Experiment = {
  name: 'regularizers',
  takesData: true,
  summary: 'each regularizer alone on an over-fitting MLP (40 noisy moons, 256-256 hidden, 3 seeds)',
  async run(ctx: ExperimentContext) {
    const S = REG_SETUP;
    const epochs = ctx.quick ? S.quickEpochs : S.epochs;
    const seeds = Array.from({ length: ctx.quick ? S.quickSeeds : S.seeds }, (_, i) => ctx.seed + i);
    const cells = new Map<string, Cell[]>(VARIANTS.map((v) => [v.name, []]));
    let nTest = 0;
    let setupNote = '';
    // every (seed, regularizer) training is a job; the split of each seed is made here and sent as rows
    const trainings: (Training & { seed: number; variant: string })[] = [];
    for (const seed of seeds) {
      const base = onUserData(ctx, { dataset: S.dataset, samples: S.samples, noise: S.noise, model: S.model, optimizer: S.optimizer, lr: S.lr, epochs, batchSize: S.batchSize, seed });
      const c = configWith(base);
      const d = loadDataset(c);
      needClasses('regularizers', d);
      // the lecture over-fits 40 rows of its moons; the user's data gets the run's own split
      const split = userData(ctx) ? null : holdoutSplit(d.n, { val: S.val, test: d.n - S.val - 2 * S.train, stratify: d.y, rng: new Rng(seed).fork('split') });
      // a stratified holdout leaves 2·train rows; keep the first `train` (its order is shuffled)
      const rows = split ? { train: split.train.subarray(0, S.train), val: split.val, test: split.test } : undefined;
      const data = rows ? prepareRows(d, Int32Array.from(rows.train), rows.val, rows.test) : prepare(d, c.valSplit, c.testSplit, seed);
      nTest = data.test?.n ?? 0;
      setupNote = `${d.name}: ${data.train.n} training, ${data.val?.n ?? 0} validation, ${nTest} test rows. ${c.model}, ${c.optimizer} lr ${c.optim['lr'] ?? 'default'}, batch ${c.batchSize}, ${epochs} epochs`;
      for (const v of VARIANTS) trainings.push({ name: `${v.name} seed ${seed}`, config: configWith({ ...base, ...v.flags }), data: c, ...(rows ? { rows } : {}), checkpoint: true, seed, variant: v.name });
    }
    const runs = await trainAll(ctx, trainings, (i, t) => {
      const { seed, variant } = trainings[i]!;
      ctx.progress.line(`regularizers: seed ${seed} ${variant}: train ${(t.final.train!.accuracy! * 100).toFixed(1)}% test ${(t.final.test!.accuracy! * 100).toFixed(1)}%`);
    });
    runs.forEach((t, i) => {
      const { seed, variant, config } = trainings[i]!;
      recordRun(ctx, `${variant.split(' ')[0]}-seed-${seed}`, t, config, { regularizer: variant, seed });
      const tr = t.final.train!;
      const te = t.final.test!;
      cells.get(variant)!.push({ seed, trainAccuracy: tr.accuracy!, testAccuracy: te.accuracy!, gap: tr.accuracy! - te.accuracy!, trainLoss: tr.loss, testLoss: te.loss, epochs: t.history.length });
    });
    const rows: Record<string, unknown>[] = VARIANTS.map((v) => {
      const c = cells.get(v.name)!;
      const tr = meanStd(c.map((x) => x.trainAccuracy));
      const te = meanStd(c.map((x) => x.testAccuracy));
      const gap = meanStd(c.map((x) => x.gap));
      return {
        regularizer: v.name,
        trainAccuracy: tr.mean,
        trainAccuracyStd: tr.std,
        testAccuracy: te.mean,
        testAccuracyStd: te.std,
        gap: gap.mean,
        gapStd: gap.std,
        testLoss: meanStd(c.map((x) => x.testLoss)).mean,
        seeds: c.map((x) => x.seed),
        perSeed: c.map((x) => ({ seed: x.seed, train: x.trainAccuracy, test: x.testAccuracy, gap: x.gap, epochs: x.epochs })),
      };
    });
    const label = (r: Record<string, unknown>) => String(r['regularizer']).split(' ')[0]!;
    const figures: Figure[] = [
      { type: 'bar', title: `Test accuracy per regularizer (mean ± std over ${seeds.length} seeds)`, yLabel: 'test accuracy', bars: rows.map((r) => ({ label: label(r), value: r['testAccuracy'] as number, err: r['testAccuracyStd'] as number })) },
      { type: 'bar', title: 'Generalisation gap (train − test accuracy)', yLabel: 'gap', bars: rows.map((r) => ({ label: label(r), value: r['gap'] as number, err: r['gapStd'] as number })) },
    ];
    return {
      experiment: 'regularizers',
      title: 'Experiment: regularizer ablation',
      results: rows,
      figures,
      notes: [
        `${userData(ctx) ? setupNote : `Two moons with noise ${S.noise} (${S.samples} points per seed): ${S.train} training points (stratified), ${S.val} validation points (early stopping only), ${nTest} test points. MLP 2-${S.model.slice(4)}-2, ${S.optimizer} lr ${S.lr}, batch ${S.batchSize}, ${epochs} epochs`}; each regularizer alone from the same init and batches; seeds ${seeds.join(', ')} (each its own draw, split and init). Rows are mean ± std over seeds; perSeed lists each seed.`,
      ],
    };
  },
};
