// k-fold cross-validation of an L2 strength, run by @descent/train's crossValidate — the engine of
// `descent cv` — on the `descent cv` config the view's settings describe: the test rows are sealed
// first; every candidate is trained on k − 1 (stratified) folds and scored on the held-out fold;
// the best mean wins, is refitted on all the searched rows, and only then is the test split scored, once.
// The candidate × fold trainings can run as `cv/fold` job specs on any runner (the worker pool):
// crossValidateOn gives crossValidate's result bit for bit.
import { crossValidate, crossValidateOn, runJobs, type CrossValidation, type FoldResult, type JobRunner, type RunOptions } from '@descent/train';
import type { CvConfig } from '../config.js';
import type { CsvFile } from '../protocol.js';
import { cvTrainConfigs } from '../view-configs.js';
import { jobDataOf, makeDataset } from './data.js';

/** The whole cross-validation of a view config (what the worker posts as 'cv-result'). */
export function runCv(c: CvConfig, csv: CsvFile | null = null) {
  const { base, candidates } = cvTrainConfigs(c, csv?.name ?? null);
  return cvResult(c, crossValidate(base, candidates, makeDataset(c.dataset, c.samples, c.noise, c.seed, csv), { folds: c.folds, stratify: true }));
}

/** runCv with its trainings as `cv/fold` specs on `runner`; `options.onDone` hears each finished job, `options.signal` cancels. */
export async function runCvOn(c: CvConfig, csv: CsvFile | null, runner: JobRunner, options: Omit<RunOptions, 'blobs'> = {}) {
  const { base, candidates } = cvTrainConfigs(c, csv?.name ?? null);
  const { data, jobData, blobs } = await jobDataOf(base, csv);
  const cv = await crossValidateOn(base, candidates, data, jobData, { folds: c.folds, stratify: true }, async (specs) => (await runJobs<FoldResult>(specs, runner, { ...options, blobs })).map((r) => r.value));
  return cvResult(c, cv);
}

function cvResult(c: CvConfig, cv: CrossValidation) {
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
