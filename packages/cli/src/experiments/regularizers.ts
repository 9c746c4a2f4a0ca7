import { Rng } from '@descent/optim-wasm';
import { holdoutSplit, prepareRows } from '@descent/train';
import { loadDataset } from '../data/load.js';
import type { Figure } from '../report/results.js';
import { configWith, trainToEnd, type Experiment, type ExperimentContext } from './context.js';

/** The ablation: each regularizer alone on the same over-fitting setup. */
export const VARIANTS: { name: string; flags: Record<string, unknown> }[] = [
  { name: 'none', flags: {} },
  { name: 'l2 1e-3', flags: { l2: 1e-3 } },
  { name: 'l1 1e-4', flags: { l1: 1e-4 } },
  { name: 'dropout 0.5', flags: { dropout: 0.5 } },
  { name: 'batch-norm', flags: { batchNorm: true } },
  { name: 'input-noise 0.5', flags: { inputNoise: 0.5 } },
  { name: 'weight-noise 0.05', flags: { weightNoise: 0.05 } },
  { name: 'label-smoothing 0.1', flags: { labelSmoothing: 0.1 } },
  { name: 'mixup 0.4', flags: { mixup: 0.4 } },
  { name: 'augment', flags: { augment: true } },
  { name: 'early-stopping 5', flags: { earlyStopping: 5 } },
];

/**
 * Regularizer ablation on an over-fitting setup: a wide MLP (256-256) trained with Adam on only
 * 150 digits (stratified), many epochs; each regularizer alone, same init and batches. Reports
 * train and test accuracy and the generalisation gap.
 */
export const regularizersExperiment: Experiment = {
  name: 'regularizers',
  summary: 'each regularizer alone on an over-fitting MLP (150 digits, 256-256 hidden)',
  run(ctx: ExperimentContext) {
    const epochs = ctx.quick ? 15 : 60;
    const base = { dataset: 'digits', model: 'mlp:256-256', optimizer: 'adam', epochs, batchSize: 32, seed: ctx.seed };
    const d = loadDataset(configWith(base));
    const split = holdoutSplit(d.n, { val: 150, test: 0.5, stratify: d.y, rng: new Rng(ctx.seed).fork('split') });
    const train = split.train.subarray(0, 150);
    const data = prepareRows(d, Int32Array.from(train), split.val, split.test);
    const rows: Record<string, unknown>[] = [];
    for (const v of VARIANTS) {
      const t = trainToEnd(configWith({ ...base, ...v.flags }), data);
      const tr = t.score(data.train);
      const te = t.score(data.test!);
      rows.push({ regularizer: v.name, epochs: t.history.length, trainAccuracy: tr.accuracy, testAccuracy: te.accuracy, gap: tr.accuracy! - te.accuracy!, trainLoss: tr.loss, testLoss: te.loss });
      ctx.progress.line(`regularizers: ${v.name}: train ${(tr.accuracy! * 100).toFixed(1)}% test ${(te.accuracy! * 100).toFixed(1)}%`);
    }
    const figures: Figure[] = [
      { type: 'bar', title: 'Test accuracy per regularizer', yLabel: 'test accuracy', bars: rows.map((r) => ({ label: String(r['regularizer']).split(' ')[0]!, value: r['testAccuracy'] as number })) },
      { type: 'bar', title: 'Generalisation gap (train − test accuracy)', yLabel: 'gap', bars: rows.map((r) => ({ label: String(r['regularizer']).split(' ')[0]!, value: r['gap'] as number })) },
    ];
    return {
      experiment: 'regularizers',
      title: 'Experiment: regularizer ablation',
      results: rows,
      figures,
      notes: [`150 training digits, ${split.val.length} validation (early stopping only), ${split.test.length} test; MLP 64-256-256-10, Adam lr 1e-3, batch 32, ${epochs} epochs, seed ${ctx.seed}.`],
    };
  },
};
