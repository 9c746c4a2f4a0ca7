// searchCV's learner: a configuration → a fresh model and its fit options (the user's build
// function), trained with fit on some rows and evaluated on others.
import type { Rng } from '@descent/optim-wasm';
import { takeLabels, takeRows } from '../data/loader.js';
import { standardize, type Standardizer } from '../data/standardize.js';
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

/**
 * searchCV's build function: a configuration and an rng → a fresh model and how to fit it
 * (`Candidate`); called once per (candidate, fold) and for the refit.
 */
export type BuildFn = (config: Config, rng: Rng) => Candidate;

/** The rows `idx` of fit data (one label or target per row). */
export function rowsOf(data: FitData, idx: ArrayLike<number>): FitData {
  return { x: takeRows(data.x, data.features, idx), y: takeLabels(data.y, idx), n: idx.length, features: data.features };
}

/**
 * A candidate trained on some rows (`trainCandidate`): its model, fit result, loss and feature
 * scaler.
 */
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
