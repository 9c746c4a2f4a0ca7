// k-fold cross-validation of an L2 strength: the test rows are sealed first; every candidate is
// trained on k − 1 folds and scored on the held-out fold; the best mean wins, is refitted on all
// the training rows, and only then is the test split scored, once.
import { adam, Rng } from '@descent/optim-wasm';
import { l2Penalty, decayParameters } from '@descent/regularize';
import { evaluate, fit, kFold, mlp, subset, type Dataset } from '@descent/train';
import type { CvConfig } from '../config.js';
import { prepare, type Split } from '@descent/train';
import { makeDataset } from './data.js';

function train(rows: Split, l2: number, epochs: number, seed: number) {
  const model = mlp({ inputs: 2, hidden: [32, 32], outputs: 2, rng: new Rng(seed).fork('init') });
  const decay = decayParameters(model as never);
  const r = fit(model, { ...rows, features: 2 }, {
    optimizer: adam({ lr: 0.01 }),
    epochs,
    batchSize: 16,
    seed,
    regularizers: l2 > 0 ? { penalty: () => l2Penalty(decay, l2) } : undefined,
  });
  return { model, loss: r.history[r.history.length - 1]?.trainLoss ?? NaN };
}

const rowsOf = (d: Dataset): Split => ({ x: d.x, y: d.y as Int32Array, n: d.n });

export function runCv(c: CvConfig) {
  const p = prepare(makeDataset(c.dataset, c.samples, c.noise, c.seed, null), 0, 0.3, c.seed);
  const n = p.train.n;
  const trainSet: Dataset = { name: 'train', x: p.train.x, y: p.train.y, n, features: 2, task: 'classification', classes: p.classes };
  const folds = kFold(n, c.folds, { shuffle: true, rng: new Rng(c.seed).fork('folds') });
  const foldOf = new Int32Array(n);
  folds.forEach((f, i) => f.test.forEach((r) => (foldOf[r] = i)));
  const scores = c.candidates.map((l2) => {
    const perFold = folds.map((f, i) => {
      const { model } = train(rowsOf(subset(trainSet, f.train)), l2, c.epochs, c.seed + i);
      const v = rowsOf(subset(trainSet, f.test));
      return evaluate(model, { ...v, features: 2 }).accuracy ?? NaN;
    });
    return { candidate: l2, perFold, mean: perFold.reduce((a, b) => a + b, 0) / perFold.length };
  });
  let chosen = 0;
  scores.forEach((s, i) => {
    if (s.mean > scores[chosen]!.mean) chosen = i;
  });
  const refit = train(p.train, c.candidates[chosen]!, c.epochs, c.seed);
  const t = evaluate(refit.model, { ...p.test!, features: 2 });
  return {
    n,
    folds: folds.map((f) => ({ train: f.train.length, val: f.test.length, valStart: Array.from(f.test.slice(0, 1)) })),
    foldOf,
    scores,
    chosen,
    refitTrainLoss: refit.loss,
    test: { loss: t.loss, acc: t.accuracy ?? NaN },
  };
}
