// Cross-validation, ONE implementation for the library's searchCV and modelSelection, `descent cv`
// and the playground's cv view: seal a test split, cut the rest (the pool) into k folds, train and
// score every (candidate, fold) as a `cv/fold` job (jobs/cv-fold-job.ts), choose the best mean
// fold score, refit it on the pool, open the sealed test once. The candidates are TrainConfigs
// (the recipe's learner, cvFold) or a library build function (searchCV's learner).
import { Rng } from '@descent/optim-wasm';
import type { Dataset } from '../data/dataset.js';
import { holdoutSplit } from '../selection/holdout.js';
import { kFold, type Fold } from '../selection/kfold.js';
import { SealedSplit } from '../selection/sealed.js';
import { stratifiedKFold } from '../selection/stratified-kfold.js';
import type { TrainConfig } from './config.js';
import { prepareRows, type Prepared } from './data.js';
import { configError, withContext, field } from './errors.js';
import type { Scores } from './trainer.js';
import { releaseTrainer } from './release.js';
import { createTrainer } from './session.js';
import type { EpochMetrics, Trainer } from './trainer.js';

/**
 * How `crossValidate` folds the searched rows. Errors: a config error naming `folds` when it is
 * not an integer ≥ 2.
 */
export interface CrossValidateOptions {
  /** Number of folds k (>= 2). */
  folds: number;
  /** Stratified folds for classification (default true; regression always uses plain k-fold). */
  stratify?: boolean;
}

/** Observers of `crossValidate` (progress); they never change its result. */
export interface CrossValidateHooks {
  /** After each (candidate, fold) model was trained and scored. */
  onFold?(e: { candidate: number; fold: number; score: number; history: readonly EpochMetrics[] }): void;
}

/**
 * One candidate of a cross-validation: its fold scores, their mean and std, and the fold models'
 * histories.
 */
export interface CandidateScores {
  /** Validation score of each fold: accuracy (classification) or MSE (regression). */
  folds: number[];
  /** Mean over the folds and population std (ddof 0). */
  mean: number;
  std: number;
  /** Each fold model's epoch history (its validation rows are the held-out fold). */
  histories: EpochMetrics[][];
}

/**
 * What `crossValidate` (and `crossValidateOn`) returns: the split, every candidate's scores, the
 * choice, its refit and the one evaluation of the sealed test split. Call `free` after the last
 * use of `refit`.
 */
export interface CrossValidation {
  task: 'classification' | 'regression';
  metric: 'accuracy' | 'mse';
  stratified: boolean;
  /** Rows searched (indices into the dataset) and the sealed test rows. */
  pool: Int32Array;
  test: Int32Array;
  /** The folds, as positions in `pool`. */
  folds: Fold[];
  /** Fold of each pool row (pool order). */
  foldOf: Int32Array;
  candidates: CandidateScores[];
  /** Index of the chosen candidate: best mean (highest accuracy / lowest MSE, the first on ties). */
  best: number;
  /** The chosen config refitted on every pool row (early stopping off), and its data (test = the sealed rows). */
  refit: Trainer;
  refitData: Prepared;
  /** The one evaluation of the sealed test split (null when the config has no test split). */
  testScores: Scores | null;
  testScore: number | null;
  /** Free the refit model's WASM memory (after its last use, e.g. its checkpoint). */
  free(): void;
}

/** Mean and population std (ddof 0, as scikit-learn's cv_results_). */
export function meanStd(v: readonly number[]): { mean: number; std: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) };
}

/** The index of the best mean (highest when greaterIsBetter, else lowest; the first on ties). */
export function bestMean(means: readonly number[], greaterIsBetter: boolean): number {
  let best = 0;
  means.forEach((m, i) => {
    if (greaterIsBetter ? m > means[best]! : m < means[best]!) best = i;
  });
  return best;
}

/** The rows of a cross-validation: the sealed test rows, the pool and its k folds. */
export interface CvSplit {
  classification: boolean;
  stratified: boolean;
  pool: Int32Array;
  test: Int32Array;
  /** The folds, as positions in `pool`. */
  folds: Fold[];
  /** Fold of each pool row (pool order). */
  foldOf: Int32Array;
}

/**
 * Steps 1–2 of crossValidate: the sealed test rows from Rng(base.seed).fork('split'), the pool's
 * k (stratified) folds from Rng(base.seed).fork('cv'). Pure: a worker recomputes it from the seed.
 */
export function cvSplit(base: Pick<TrainConfig, 'seed' | 'testSplit'>, data: Dataset, options: CrossValidateOptions): CvSplit {
  const k = options.folds;
  if (!Number.isInteger(k) || k < 2) throw configError(`${field('folds')}: must be an integer >= 2, got ${k}`);
  const classification = data.task === 'classification';
  if (classification && new Set(data.y).size < 2) throw configError(`dataset '${data.name}' has only one class (${data.y[0]}): a classifier needs at least two`);
  return splitRows(base.seed, base.testSplit, { n: data.n, labels: classification ? Int32Array.from(data.y) : null }, { folds: k, stratify: options.stratify }, (what, fn) => withContext(what === 'folds' ? field('folds') : what, fn));
}

/**
 * The sealed test rows and the pool (the other rows, ascending): holdoutSplit(n, {test:
 * testSplit, stratified by `labels` when given}) from Rng(seed).fork('split'). A test split of 0
 * keeps every row in the pool.
 */
export function sealTestRows(seed: number, testSplit: number, rows: { n: number; labels: Int32Array | null }): { pool: Int32Array; test: Int32Array } {
  const split = holdoutSplit(rows.n, { test: testSplit, stratify: rows.labels ?? undefined, rng: new Rng(seed).fork('split') });
  return { pool: split.train, test: split.test };
}

/**
 * cvSplit of any rows: `labels` (class indices) for classification, null for regression. The
 * sealed test rows as sealTestRows; the pool's folds from Rng(seed).fork('cv'), stratified for
 * classes unless `stratify` is false. `context` names the step of an error.
 */
export function splitRows(
  seed: number,
  testSplit: number,
  rows: { n: number; labels: Int32Array | null },
  options: CrossValidateOptions,
  context: <T>(what: 'split' | 'folds', fn: () => T) => T = (_, fn) => fn(),
): CvSplit {
  const k = options.folds;
  const classification = rows.labels !== null;
  const stratified = classification && options.stratify !== false;
  const { pool, test } = context('split', () => sealTestRows(seed, testSplit, rows));
  const poolLabels = Int32Array.from(pool, (i) => (rows.labels ? rows.labels[i]! : 0));
  const folds = context('folds', () =>
    stratified ? stratifiedKFold(poolLabels, k, { shuffle: true, rng: new Rng(seed).fork('cv') }) : kFold(pool.length, k, { shuffle: true, rng: new Rng(seed).fork('cv') }),
  );
  const foldOf = new Int32Array(pool.length);
  folds.forEach((f, fi) => f.test.forEach((r) => (foldOf[r] = fi)));
  return { classification, stratified, pool, test, folds, foldOf };
}

/** One fold model's result: its validation score and epochs. */
export interface FoldResult {
  score: number;
  history: EpochMetrics[];
}

/** Step 3 for one (candidate, fold): train on the pool minus the fold, score the fold. */
export function cvFold(candidate: TrainConfig, data: Dataset, split: CvSplit, fold: number): FoldResult {
  const { pool } = split;
  const f = split.folds[fold]!;
  const prep = prepareRows(data, Int32Array.from(f.train, (i) => pool[i]!), Int32Array.from(f.test, (i) => pool[i]!), new Int32Array(0));
  const t = createTrainer(candidate, prep);
  try {
    t.runSync();
    const s = t.score(prep.val!);
    return { score: split.classification ? s.accuracy! : s.mse!, history: t.history };
  } finally {
    releaseTrainer(t);
  }
}

/**
 * k-fold cross-validation with a candidate grid, refit and a sealed test:
 * 1. test rows = holdoutSplit(n, {test: base.testSplit, stratified}) from Rng(base.seed).fork('split'), sealed;
 * 2. the pool (the other rows) is cut into k folds by (stratified) k-fold from Rng(base.seed).fork('cv');
 * 3. candidate c, fold f: createTrainer(c) on the pool minus fold f (standardised on those rows),
 *    validated on fold f; its score s_cf is accuracy or MSE on fold f;
 * 4. best = argmax_c (1/k) Σ_f s_cf (argmin for MSE);
 * 5. refit best (earlyStopping 0) on the whole pool, then score the sealed test rows once.
 * Every model is trained from its config's own seed, so the fold scores depend only on the config.
 * This runs step 3 here, one fold after another (the same cvFold each `cv/fold` job runs);
 * crossValidateOn (jobs/cv-fold-job.ts) runs them as job specs on any runner, bit for bit alike.
 *
 * @example const cv = crossValidate(base, [{...base, l2: 0}, {...base, l2: 0.01}], namedDataset(base), { folds: 5 });
 */
export function crossValidate(base: TrainConfig, candidates: readonly TrainConfig[], data: Dataset, options: CrossValidateOptions, hooks: CrossValidateHooks = {}): CrossValidation {
  const split = cvCandidatesSplit(base, candidates, data, options);
  const results = candidates.map((c, ci) =>
    split.folds.map((_, fi) => {
      const r = cvFold(c, data, split, fi);
      hooks.onFold?.({ candidate: ci, fold: fi, ...r });
      return r;
    }),
  );
  return finishCrossValidation(candidates, data, split, results);
}

/** Steps 1–2 for a list of candidates: an empty list is refused, then cvSplit. */
export function cvCandidatesSplit(base: Pick<TrainConfig, 'seed' | 'testSplit'>, candidates: readonly TrainConfig[], data: Dataset, options: CrossValidateOptions): CvSplit {
  if (candidates.length === 0) throw configError(`${field('search')}: no candidate settings to compare`);
  return cvSplit(base, data, options);
}

/** Steps 4–5: choose the best mean fold score, refit it on the pool, open the sealed test once. */
export function finishCrossValidation(candidates: readonly TrainConfig[], data: Dataset, split: CvSplit, results: readonly (readonly FoldResult[])[]): CrossValidation {
  const { classification } = split;
  const score = (s: Scores) => (classification ? s.accuracy! : s.mse!);
  const scored = results.map((folds): CandidateScores => {
    const scores = folds.map((r) => r.score);
    return { folds: scores, ...meanStd(scores), histories: folds.map((r) => r.history) };
  });
  const best = bestMean(
    scored.map((s) => s.mean),
    classification,
  );
  const { pool, test } = split;
  const refitData = prepareRows(data, pool, new Int32Array(0), test);
  const refit = createTrainer({ ...candidates[best]!, earlyStopping: 0 }, refitData);
  try {
    refit.runSync();
  } catch (e) {
    releaseTrainer(refit);
    throw e;
  }
  const sealed = new SealedSplit(test, 'cv test');
  const testScores = sealed.evaluateOnce(() => (refitData.test ? refit.score(refitData.test) : null));
  let freed = false;
  return {
    task: classification ? 'classification' : 'regression',
    metric: classification ? 'accuracy' : 'mse',
    stratified: split.stratified,
    pool,
    test,
    folds: split.folds,
    foldOf: split.foldOf,
    candidates: scored,
    best,
    refit,
    refitData,
    testScores,
    testScore: testScores ? score(testScores) : null,
    free() {
      if (!freed) releaseTrainer(refit);
      freed = true;
    },
  };
}
