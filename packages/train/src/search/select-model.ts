// The library's front-ends of the one cross-validation (recipe/cross-validate.ts): searchCV
// scores candidates of a build function with k-fold CV as `cv/fold` jobs; modelSelection adds
// the sealed test split, the refit and the one look at the test rows.
import { DescentError, Rng } from '@descent/optim-wasm';
import type { Evaluation } from '../fit/evaluate.js';
import type { FitData } from '../fit/model.js';
import { cvFoldJob, registerFoldLearner, type CvLearnerFoldConfig } from '../jobs/cv-fold-job.js';
import { runJobs, serialRunner, type JobRunner, type JobSpec } from '../jobs/jobs.js';
import { bestMean, meanStd, sealTestRows, splitRows, type FoldResult } from '../recipe/cross-validate.js';
import { SealedSplit } from '../selection/sealed.js';
import { evaluateCandidate, rowsOf, trainCandidate, type BuildFn, type TrainedCandidate } from './candidate.js';
import type { Config } from './space.js';

/**
 * What searchCV scores folds with: 'accuracy' (higher is better), 'loss' or 'mse' (lower is
 * better).
 */
export type SearchMetric = 'accuracy' | 'loss' | 'mse';

/**
 * What `searchCV` searches. Errors: a DescentError ('bad-arg') for no candidates, folds < 2, or an
 * unknown metric, or a metric the data cannot give (accuracy on regression targets).
 */
export interface SearchOptions {
  /** Names the fold learner (`searchCV/<name>/…` in the specs), for reports. */
  name?: string;
  /** The selection pool: training rows only (the test split stays sealed elsewhere). */
  data: FitData;
  candidates: readonly Config[];
  /** k of k-fold CV (default 5). */
  folds?: number;
  /** Stratified folds (default: true for class labels; regression always uses plain k-fold). */
  stratified?: boolean;
  /** Seeds the folds and every member's init and data order (the same for every candidate). */
  seed: number;
  build: BuildFn;
  /** Default 'accuracy' for class labels (higher is better), 'mse' for targets (lower is better). */
  metric?: SearchMetric;
  /** Standardise features with statistics of each fold's training rows (default false). */
  standardize?: boolean;
  /** Runs the `cv/fold` specs (default serial); in this process: the build function lives here. */
  runner?: JobRunner;
}

/** One candidate of a search: its index in `candidates`, its configuration and its fold scores. */
export interface CandidateResult {
  index: number;
  config: Config;
  /** The metric on each validation fold. */
  scores: number[];
  /** Mean and population standard deviation (ddof 0, as scikit-learn's cv_results_) over folds. */
  mean: number;
  std: number;
}

/** What `searchCV` returns: every candidate's scores, in candidate order, and the best. */
export interface SearchResult {
  metric: SearchMetric;
  greaterIsBetter: boolean;
  results: CandidateResult[];
  /** The best mean (the first candidate on ties). */
  best: CandidateResult;
  /** The job specs that were run (one `cv/fold` per candidate × fold, candidate-major). */
  specs: JobSpec[];
}

function score(e: Evaluation, metric: SearchMetric): number {
  const v = metric === 'accuracy' ? e.accuracy : metric === 'mse' ? e.mse : e.loss;
  if (v === undefined) throw new DescentError('bad-arg', `searchCV: metric '${metric}' is not available for this data`);
  return v;
}

/**
 * Grid or random search with k-fold cross-validation: the folds of `data` (stratified for
 * class labels) from Rng(seed).fork('cv'), and every (candidate, fold) a `cv/fold` job spec run by
 * `runner` (serial by default), seeded with `seed`; a job's result depends on its spec only, so
 * any order gives the same aggregate. Per candidate: the fold scores, their mean and std (ddof 0).
 * The folds, inits and data orders are shared by all candidates (common random numbers), so
 * differences come from the configs.
 *
 * @example const s = await searchCV({ data: train, candidates: grid({ lr: [1e-3, 1e-2] }), seed: 0, build });
 */
export async function searchCV(options: SearchOptions): Promise<SearchResult> {
  const op = 'searchCV';
  const { data, candidates } = options;
  if (!Array.isArray(candidates) || candidates.length === 0) throw new DescentError('bad-arg', `${op}: no candidates`);
  const k = options.folds ?? 5;
  if (!Number.isInteger(k) || k < 2) throw new DescentError('bad-arg', `${op}: folds must be an integer >= 2, got ${String(k)}`);
  const classes = data.y instanceof Int32Array;
  const metric = options.metric ?? (classes ? 'accuracy' : 'mse');
  if (!['accuracy', 'loss', 'mse'].includes(metric)) throw new DescentError('bad-arg', `${op}: metric must be 'accuracy', 'loss' or 'mse', got ${String(metric)}`);
  const stratify = options.stratified ?? classes;
  const split = splitRows(options.seed, 0, { n: data.n, labels: classes ? (data.y as Int32Array) : null }, { folds: k, stratify });
  const rows = (positions: Int32Array) => rowsOf(data, Int32Array.from(positions, (i) => split.pool[i]!));
  const learner = registerFoldLearner(`searchCV/${options.name ?? 'search'}`, (params, fold, ctx) => {
    const f = split.folds[fold]!;
    const t = trainCandidate(options.build, params, rows(f.train), ctx.rng.fork(`fold/${fold}`), options.standardize ?? false);
    return { score: score(evaluateCandidate(t, rows(f.test)), metric), history: [] };
  });
  const job = cvFoldJob();
  const specs = candidates.flatMap((candidate, ci) =>
    split.folds.map((_, fold) => {
      const config: CvLearnerFoldConfig = { split: { seed: options.seed, testSplit: 0, folds: k, stratify }, fold, candidate, learner: learner.name };
      return job.spec(config, options.seed, `candidate ${ci + 1} fold ${fold + 1}`);
    }),
  );
  let done: FoldResult[];
  try {
    done = (await runJobs<FoldResult>(specs, options.runner ?? serialRunner)).map((r) => r.value);
  } finally {
    learner.release();
  }
  const results: CandidateResult[] = candidates.map((config, index) => {
    const scores = done.slice(index * k, (index + 1) * k).map((r) => r.score);
    return { index, config, scores, ...meanStd(scores) };
  });
  const greaterIsBetter = metric === 'accuracy';
  const best = results[bestMean(
    results.map((r) => r.mean),
    greaterIsBetter,
  )]!;
  return { metric, greaterIsBetter, results, best, specs };
}

/**
 * What `modelSelection` runs: searchCV's options over all rows, a test split held out and sealed
 * first.
 */
export interface ModelSelectionOptions extends Omit<SearchOptions, 'data'> {
  /** All rows; a test split is held out and sealed before any search. */
  data: FitData;
  /** Test fraction in (0, 1) or a row count (default 0.2), stratified for class labels. */
  testSize?: number;
}

/**
 * What `modelSelection` returns: the split, the search, the refitted best configuration and the
 * sealed test evaluation.
 */
export interface ModelSelection {
  /** Training rows (the search pool) and the sealed test split, both indices into `data`. */
  trainIndices: Int32Array;
  test: SealedSplit;
  search: SearchResult;
  /** The best configuration refitted on all training rows. */
  refit: TrainedCandidate;
  /** Evaluate the refitted model on the test rows: allowed once, a second call throws. */
  evaluateOnce(): Evaluation;
}

/**
 * The whole protocol, as crossValidate's: seal a (stratified) test split (Rng(seed).fork('split')),
 * search the candidates with k-fold CV on the rest, refit the best configuration on all training
 * rows (seeded from Rng(seed).fork('refit')), and allow exactly one look at the test split.
 *
 * @example const sel = await modelSelection({ data: digits, candidates, seed: 0, build, standardize: true });
 *          sel.search.best; sel.evaluateOnce().accuracy
 */
export async function modelSelection(options: ModelSelectionOptions): Promise<ModelSelection> {
  const { data } = options;
  const classes = data.y instanceof Int32Array;
  const split = sealTestRows(options.seed, options.testSize ?? 0.2, { n: data.n, labels: classes ? (data.y as Int32Array) : null });
  const trainRows = rowsOf(data, split.pool);
  const search = await searchCV({ ...options, data: trainRows });
  const refit = trainCandidate(options.build, search.best.config, trainRows, new Rng(options.seed).fork('refit'), options.standardize ?? false);
  const test = new SealedSplit(split.test, 'modelSelection test');
  return {
    trainIndices: split.pool,
    test,
    search,
    refit,
    evaluateOnce: () => test.evaluateOnce((idx) => evaluateCandidate(refit, rowsOf(data, idx))),
  };
}
