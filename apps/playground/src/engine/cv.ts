// k-fold cross-validation of an L2 strength, run by @descent/train's crossValidate — the engine of
// `descent cv` — on the `descent cv` config the view's settings describe: the test rows are sealed
// first; every candidate is trained on k − 1 (stratified) folds and scored on the held-out fold;
// the best mean wins, is refitted on all the searched rows, and only then is the test split scored, once.
import { crossValidate } from '@descent/train';
import type { CvConfig } from '../config.js';
import type { CsvFile } from '../protocol.js';
import { cvTrainConfigs } from '../view-configs.js';
import { makeDataset } from './data.js';

/** The whole cross-validation of a view config (what the worker posts as 'cv-result'). */
export function runCv(c: CvConfig, csv: CsvFile | null = null) {
  const { base, candidates } = cvTrainConfigs(c, csv?.name ?? null);
  const cv = crossValidate(base, candidates, makeDataset(c.dataset, c.samples, c.noise, c.seed, csv), { folds: c.folds, stratify: true });
  try {
    const last = cv.refit.history[cv.refit.history.length - 1];
    return {
      n: cv.pool.length,
      folds: cv.folds.map((f) => ({ train: f.train.length, val: f.test.length })),
      foldOf: cv.foldOf,
      scores: cv.candidates.map((s, i) => ({ candidate: c.candidates[i]!, perFold: s.folds, mean: s.mean, std: s.std })),
      chosen: cv.best,
      refitTrainLoss: last?.trainLoss ?? NaN,
      refitEpochs: cv.refit.history.length,
      test: { loss: cv.testScores?.loss ?? NaN, acc: cv.testScore ?? NaN },
    };
  } finally {
    cv.free();
  }
}
