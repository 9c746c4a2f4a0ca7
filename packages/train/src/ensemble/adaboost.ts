import { DescentError, portableExp, portableLog, Rng } from '@descent/optim-wasm';
import type { FitData } from '../fit/model.js';
import { argmaxF64, rowCount, type Learner, type Predictor } from './learner.js';
import { classificationStump } from './stump.js';

/**
 * What `adaBoost` fits: the rows, the class count K ≥ 2, the rounds M and the weak learner.
 * Errors: a DescentError ('bad-arg') when classes < 2, rounds < 1 or learningRate ≤ 0,
 * ('bad-data') when y is not n class indices.
 */
export interface AdaBoostOptions {
  /** Training rows with class labels (Int32Array y). */
  data: FitData;
  classes: number;
  /** Boosting rounds M (at most; stops early on a perfect or a useless member). */
  rounds: number;
  /** The weak learner (default: a decision stump). */
  learner?: Learner;
  /** Shrinkage ν of every αₘ (default 1). */
  learningRate?: number;
  /** Seed or Rng for learners that draw (networks); stumps draw nothing. */
  rng?: Rng | number;
}

/** What happened in round m. */
export interface BoostRound {
  /** The normalised sample weights the member was fitted with (Σ = 1). */
  weights: Float64Array;
  /** errₘ = Σᵢ wᵢ [hₘ(xᵢ) ≠ yᵢ] / Σᵢ wᵢ. */
  error: number;
  /** αₘ = ν (ln((1 − errₘ)/errₘ) + ln(K − 1)); 1 for a perfect member (scikit-learn). */
  alpha: number;
  /** Training accuracy of the ensemble after this round. */
  trainAccuracy: number;
}

/** A fitted AdaBoost ensemble: its kept members with their rounds, and the weighted vote. */
export interface AdaBoostModel {
  members: Predictor[];
  rounds: BoostRound[];
  classes: number;
  stopReason: 'rounds' | 'perfect-fit' | 'no-better-than-chance';
  /** Weighted votes Σₘ αₘ [hₘ(x) = k], row-major [m, classes]. */
  scores(x: Float32Array): Float64Array;
  /** argmaxₖ of the scores. */
  predict(x: Float32Array): Int32Array;
}

/**
 * AdaBoost SAMME (Zhu, Zou, Rosset & Hastie 2009; scikit-learn's algorithm='SAMME') for K classes.
 * w⁽¹⁾ᵢ = 1/n; for m = 1…M: fit hₘ with weights w, errₘ = Σ wᵢ[hₘ(xᵢ) ≠ yᵢ] / Σ wᵢ;
 * errₘ = 0 → keep hₘ with αₘ = 1 and stop; errₘ ≥ 1 − 1/K → drop hₘ and stop (an error if m = 1);
 * αₘ = ν(ln((1 − errₘ)/errₘ) + ln(K − 1)); wᵢ ← wᵢ·exp(αₘ[hₘ(xᵢ) ≠ yᵢ]), then w ← w/Σw.
 * Prediction: argmaxₖ Σₘ αₘ [hₘ(x) = k]. Every round's weights, error and α are returned.
 *
 * @example const boost = adaBoost({ data: train, classes: 10, rounds: 50 }); boost.predict(test.x)
 */
export function adaBoost(options: AdaBoostOptions): AdaBoostModel {
  const op = 'adaBoost';
  const { data, classes: k } = options;
  const nu = options.learningRate ?? 1;
  if (!Number.isInteger(k) || k < 2) throw new DescentError('bad-arg', `${op}: classes must be an integer >= 2, got ${k}`);
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new DescentError('bad-arg', `${op}: rounds must be an integer >= 1, got ${options.rounds}`);
  if (!(nu > 0) || !Number.isFinite(nu)) throw new DescentError('bad-arg', `${op}: learningRate must be > 0, got ${nu}`);
  if (!(data.y instanceof Int32Array) || data.y.length !== data.n) throw new DescentError('bad-data', `${op}: data.y must hold n = ${data.n} class indices`);
  const y = data.y as Int32Array;
  const learner = options.learner ?? classificationStump();
  const root = options.rng instanceof Rng ? options.rng : new Rng(options.rng ?? 0);
  const n = data.n;
  let w = new Float64Array(n).fill(1 / n);
  const members: Predictor[] = [];
  const alphas: number[] = [];
  const rounds: BoostRound[] = [];
  const votes = new Float64Array(n * k);
  let stopReason: AdaBoostModel['stopReason'] = 'rounds';
  for (let m = 0; m < options.rounds; m++) {
    const h = learner({ x: data.x, y, n, features: data.features, classes: k, weights: w }, root.fork(`round/${m}`));
    const pred = argmaxF64(h.predict(data.x), k);
    let wrong = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += w[i]!;
      if (pred[i] !== y[i]) wrong += w[i]!;
    }
    const error = wrong / sum;
    if (error >= 1 - 1 / k) {
      if (m === 0) throw new DescentError('weak-learner', `${op}: the first member's weighted error ${error} is no better than chance (1 − 1/K = ${1 - 1 / k}); boosting cannot proceed`);
      stopReason = 'no-better-than-chance';
      break;
    }
    const alpha = error <= 0 ? 1 : nu * (portableLog((1 - error) / error) + portableLog(k - 1));
    members.push(h);
    alphas.push(alpha);
    for (let i = 0; i < n; i++) votes[i * k + pred[i]!]! += alpha;
    const fitted = w;
    if (error > 0) {
      const next = new Float64Array(n);
      let z = 0;
      for (let i = 0; i < n; i++) z += next[i] = pred[i] !== y[i] && w[i]! > 0 ? w[i]! * portableExp(alpha) : w[i]!;
      for (let i = 0; i < n; i++) next[i]! /= z;
      w = next;
    }
    const ens = argmaxF64(votes, k);
    let hits = 0;
    for (let i = 0; i < n; i++) if (ens[i] === y[i]) hits++;
    rounds.push({ weights: fitted, error, alpha, trainAccuracy: hits / n });
    if (error <= 0) {
      stopReason = 'perfect-fit';
      break;
    }
  }
  const scores = (x: Float32Array) => {
    const mRows = rowCount(`${op}.scores`, x, data.features);
    const out = new Float64Array(mRows * k);
    members.forEach((h, j) => {
      const p = argmaxF64(h.predict(x), k);
      for (let i = 0; i < mRows; i++) out[i * k + p[i]!]! += alphas[j]!;
    });
    return out;
  };
  return { members, rounds, classes: k, stopReason, scores, predict: (x) => argmaxF64(scores(x), k) };
}
