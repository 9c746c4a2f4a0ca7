import { DescentError, Rng } from '@descent/optim-wasm';
import { takeLabels, takeRows } from '../data/loader.js';
import { standardize, type Standardizer } from '../data/standardize.js';
import { defineJob, runJobs, serialRunner, type JobRunner, type JobSpec } from '../jobs/jobs.js';
import { kFold, type Fold } from '../selection/kfold.js';
import { stratifiedKFold } from '../selection/stratified-kfold.js';
import { evaluate, type Evaluation } from '../fit/evaluate.js';
import { fit } from '../fit/fit.js';
import type { FitData, Model } from '../fit/model.js';
import type { FitOptions, FitResult } from '../fit/types.js';
import type { Config } from './space.js';

/** What `build` returns for a configuration: a fresh model and how to fit it (the seed is supplied). */
export interface Candidate {
  model: Model;
  fit: Omit<FitOptions, 'seed' | 'validation'>;
}

export type BuildFn = (config: Config, rng: Rng) => Candidate;

export type SearchMetric = 'accuracy' | 'loss' | 'mse';

export interface SearchOptions {
  /** Names the job kind (`cv-fold/<name>/…`), for reports. */
  name?: string;
  /** The selection pool: training rows only (the test split stays sealed elsewhere). */
  data: FitData;
  candidates: readonly Config[];
  /** k of k-fold CV (default 5). */
  folds?: number;
  /** Stratified folds (default: true for class labels). */
  stratified?: boolean;
  /** Seeds the folds and every member's init and data order (the same for every candidate). */
  seed: number;
  build: BuildFn;
  /** Default 'accuracy' for class labels (higher is better), 'mse' for targets (lower is better). */
  metric?: SearchMetric;
  /** Standardise features with statistics of each fold's training rows (default false). */
  standardize?: boolean;
  runner?: JobRunner;
}

export interface CandidateResult {
  index: number;
  config: Config;
  /** The metric on each validation fold. */
  scores: number[];
  /** Mean and population standard deviation (ddof 0, as scikit-learn's cv_results_) over folds. */
  mean: number;
  std: number;
}

export interface SearchResult {
  metric: SearchMetric;
  greaterIsBetter: boolean;
  results: CandidateResult[];
  /** The best mean (the first candidate on ties). */
  best: CandidateResult;
  /** The job specs that were run (one per candidate × fold). */
  specs: JobSpec[];
}

let searches = 0;

function score(e: Evaluation, metric: SearchMetric): number {
  const v = metric === 'accuracy' ? e.accuracy : metric === 'mse' ? e.mse : e.loss;
  if (v === undefined) throw new DescentError('bad-arg', `searchCV: metric '${metric}' is not available for this data`);
  return v;
}

/** The rows `idx` of fit data (one label or target per row). */
export function rowsOf(data: FitData, idx: ArrayLike<number>): FitData {
  return { x: takeRows(data.x, data.features, idx), y: takeLabels(data.y, idx), n: idx.length, features: data.features };
}

export interface TrainedCandidate {
  model: Model;
  fit: FitResult;
  /** The loss the candidate was fitted with (evaluation uses the same). */
  loss: FitOptions['loss'];
  /** Fitted on the training rows when standardising; apply it to any rows the model sees. */
  scaler?: Standardizer;
}

/** Build `config`, standardise on `train` if asked, fit with a seed drawn from `rng`. */
export function trainCandidate(build: BuildFn, config: Config, train: FitData, rng: Rng, useScaler: boolean): TrainedCandidate {
  const scaler = useScaler ? standardize(train.x, train.features) : undefined;
  const rows = scaler ? { ...train, x: scaler.apply(train.x) } : train;
  const c = build(config, rng.fork('build'));
  const result = fit(c.model, rows, { ...c.fit, seed: rng.fork('fit').int(0, 2 ** 31) });
  const out: TrainedCandidate = { model: c.model, fit: result, loss: c.fit.loss };
  if (scaler) out.scaler = scaler;
  return out;
}

/** Evaluate a trained candidate on rows (scaled with its training scaler). */
export function evaluateCandidate(t: TrainedCandidate, rows: FitData): Evaluation {
  return evaluate(t.model, t.scaler ? { ...rows, x: t.scaler.apply(rows.x) } : rows, { loss: t.loss });
}

/**
 * Grid or random search with k-fold cross-validation. Every (candidate, fold) pair is a job
 * spec `{kind, config: {candidate, fold, params}, seed}` run by `runner` (serial by default);
 * a job's result depends on its spec only, so any order gives the same aggregate. Per
 * candidate: the fold scores, their mean and std (ddof 0). The folds, inits and data orders are
 * shared by all candidates (common random numbers), so differences come from the configs.
 *
 * @example const s = await searchCV({ data: train, candidates: grid({ lr: [1e-3, 1e-2] }), seed: 0, build });
 */
export async function searchCV(options: SearchOptions): Promise<SearchResult> {
  const op = 'searchCV';
  const { data, candidates } = options;
  if (!Array.isArray(candidates) || candidates.length === 0) throw new DescentError('bad-arg', `${op}: no candidates`);
  const k = options.folds ?? 5;
  const classes = data.y instanceof Int32Array;
  const metric = options.metric ?? (classes ? 'accuracy' : 'mse');
  if (!['accuracy', 'loss', 'mse'].includes(metric)) throw new DescentError('bad-arg', `${op}: metric must be 'accuracy', 'loss' or 'mse', got ${String(metric)}`);
  const cvRng = new Rng(options.seed).fork('cv');
  const folds: Fold[] =
    (options.stratified ?? classes) ? stratifiedKFold(data.y, k, { shuffle: true, rng: cvRng }) : kFold(data.n, k, { shuffle: true, rng: cvRng });
  const kind = `cv-fold/${options.name ?? 'search'}/${searches++}`;
  const job = defineJob(kind, (cfg: { candidate: number; fold: number; params: Config }, ctx) => {
    const fold = folds[cfg.fold]!;
    const rng = ctx.rng.fork(`fold/${cfg.fold}`);
    const t = trainCandidate(options.build, cfg.params, rowsOf(data, fold.train), rng, options.standardize ?? false);
    return score(evaluateCandidate(t, rowsOf(data, fold.test)), metric);
  });
  const specs = candidates.flatMap((params, candidate) => folds.map((_, fold) => job.spec({ candidate, fold, params }, options.seed)));
  const done = await runJobs<number>(specs, options.runner ?? serialRunner);
  const results: CandidateResult[] = candidates.map((config, index) => {
    const scores = done.filter((r) => (r.spec.config as { candidate: number }).candidate === index).map((r) => r.value);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length);
    return { index, config, scores, mean, std };
  });
  const greaterIsBetter = metric === 'accuracy';
  const best = results.reduce((a, b) => ((greaterIsBetter ? b.mean > a.mean : b.mean < a.mean) ? b : a));
  return { metric, greaterIsBetter, results, best, specs };
}
