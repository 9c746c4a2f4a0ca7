// The ensemble engine, ONE copy for `descent ensemble bag|boost` and the playground's ensembles
// view: bagging of the run's network (or stumps), AdaBoost SAMME for classification, gradient
// boosting for regression, each scored on the run's test split member by member / round by round.
import { DescentError, Rng } from '@descent/optim-wasm';
import type { Dataset } from '../data/dataset.js';
import { adaBoost, type AdaBoostModel } from '../ensemble/adaboost.js';
import { bagging, type BaggingModel } from '../ensemble/bagging.js';
import { gradientBoosting, type GradientBoostingModel } from '../ensemble/gradient-boosting.js';
import { argmaxF64, trainMember, type Learner, type Predictor, type TrainRows } from '../ensemble/learner.js';
import { classificationStump, regressionStump, type Stump } from '../ensemble/stump.js';
import type { TrainConfig } from './config.js';
import { prepare, type Prepared } from './data.js';
import { CONFIG_ERROR, configError, field } from './errors.js';
import { releaseTrainer } from './release.js';
import { createTrainer } from './session.js';
import type { Trainer } from './trainer.js';

/** A fitted member: a network member keeps its trainer (history, checkpoint), a stump its split. */
export type EnsembleMember = Predictor & { trainer?: Trainer; stump?: Stump };

/**
 * A Learner that trains the run's network (createTrainer: every config field honoured, seed
 * drawn from the member's stream, early stopping off) on the rows it is given; AdaBoost's
 * sample weights are honoured by resampling ∝ weights. Classification members output softmax
 * probabilities, regression members their value. The predictor carries its `trainer`.
 */
export function networkMember(c: TrainConfig, base: Prepared): Learner {
  return (rows: TrainRows, rng: Rng): EnsembleMember => {
    let trainer: Trainer | undefined;
    const classes = base.task === 'classification' ? base.classes : undefined;
    const member = trainMember({ ...rows, ...(classes === undefined ? {} : { classes }) }, rng, (data) => {
      const prep: Prepared = { ...base, train: { x: data.x, y: data.y, n: data.n }, val: null, test: null };
      const t = createTrainer({ ...c, seed: rng.int(0, 2 ** 31), earlyStopping: 0 }, prep);
      try {
        t.runSync();
      } catch (e) {
        releaseTrainer(t);
        throw e;
      }
      trainer = t;
      return t.model;
    });
    return Object.assign(member, { trainer });
  };
}

/** The member learner of a run: 'net' (networkMember) or 'stump' (a decision stump for the task). */
export function ensembleLearner(kind: 'net' | 'stump', c: TrainConfig, data: Prepared): Learner {
  if (kind === 'stump') return data.task === 'classification' ? classificationStump() : regressionStump();
  return networkMember(c, data);
}

/** The rows of an ensemble run: prepare(d, 0, testSplit, seed), which must leave a test split. */
export function prepareEnsemble(d: Dataset, c: TrainConfig): Prepared {
  const data = prepare(d, 0, c.testSplit, c.seed);
  if (!data.test) throw configError(`ensemble needs a test split (${field('testSplit')} > 0)`);
  return data;
}

/** Library errors of an ensemble become config errors naming the method; a diverged member stays a failed run. */
export function inContext<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DescentError && e.code !== CONFIG_ERROR && e.code !== 'diverged') throw configError(e.message.startsWith(`${what}:`) ? e.message : `${what}: ${e.message}`);
    throw e;
  }
}

const accuracyOf = (pred: ArrayLike<number>, y: ArrayLike<number>) => {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
};
const mseOf = (pred: ArrayLike<number>, y: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i]! - y[i]!) ** 2;
  return s / y.length;
};

/** Wrap a learner so every member it fits (kept or not) is recorded in order. */
function tracked(learner: Learner, into: EnsembleMember[]): Learner {
  return (rows, rng) => {
    const p = learner(rows, rng) as EnsembleMember;
    into.push(p);
    return p;
  };
}

const releaseAll = (members: EnsembleMember[]) => () => {
  for (const m of members.splice(0)) if (m.trainer) releaseTrainer(m.trainer);
};

/** Test scores of the first m members combined (classification: vote / average / member m alone; regression: average / member m). */
export type BagRow =
  | { members: number; memberTestAccuracy: number; voteTestAccuracy: number; averageTestAccuracy: number }
  | { members: number; memberTestMse: number; averageTestMse: number };

/**
 * What `runBagging` returns: the fitted ensemble, its members, the test table and the out-of-bag
 * estimate.
 */
export interface BagRun {
  model: BaggingModel;
  /** Every member fitted, in order (member b = model.members[b]). */
  trained: EnsembleMember[];
  /** Row m − 1: the ensemble of the first m members on the test split. */
  rows: BagRow[];
  oob: { score: number; rows: number };
  /** Free the members' WASM memory (after the last prediction or checkpoint). */
  free(): void;
}

/**
 * Bagging on the run's training rows: bagging({members, learner, rng: Rng(seed).fork('ensemble')}),
 * then for m = 1…members the test score of member m alone and of the first m members combined
 * (majority vote and averaged probabilities; regression: the mean value).
 */
export function runBagging(data: Prepared, learner: Learner, o: { members: number; seed: number }): BagRun {
  const test = data.test!;
  const classification = data.task === 'classification';
  const trained: EnsembleMember[] = [];
  const free = releaseAll(trained);
  const rows = { x: data.train.x, y: data.train.y, n: data.train.n, features: data.features };
  let model: BaggingModel;
  try {
    model = inContext('bagging', () => bagging({ data: rows, classes: classification ? data.classes : undefined, members: o.members, learner: tracked(learner, trained), rng: new Rng(o.seed).fork('ensemble') }));
  } catch (e) {
    free();
    throw e;
  }
  return { model, trained, rows: bagTable(data, model.memberOutputs(test.x)), oob: model.oob(), free };
}

/**
 * The bagging table on the test split from each member's outputs on it (in member order): row
 * m − 1 scores member m alone and the first m members combined (classification: majority vote
 * and averaged probabilities; regression: the mean value).
 */
export function bagTable(data: Pick<Prepared, 'task' | 'classes' | 'test'>, outs: readonly Float64Array[]): BagRow[] {
  const test = data.test!;
  const classification = data.task === 'classification';
  const k = data.classes;
  const table: BagRow[] = [];
  for (let m = 1; m <= outs.length; m++) {
    const single = outs[m - 1]!;
    if (classification) {
      const votes = new Float64Array(test.n * k);
      const avg = new Float64Array(test.n * k);
      for (let j = 0; j < m; j++) {
        const top = argmaxF64(outs[j]!, k);
        for (let i = 0; i < test.n; i++) {
          votes[i * k + top[i]!]! += 1;
          for (let cc = 0; cc < k; cc++) avg[i * k + cc]! += outs[j]![i * k + cc]!;
        }
      }
      table.push({ members: m, memberTestAccuracy: accuracyOf(argmaxF64(single, k), test.y), voteTestAccuracy: accuracyOf(argmaxF64(votes, k), test.y), averageTestAccuracy: accuracyOf(argmaxF64(avg, k), test.y) });
    } else {
      const mean = new Float64Array(test.n);
      for (let j = 0; j < m; j++) for (let i = 0; i < test.n; i++) mean[i]! += outs[j]![i]! / m;
      table.push({ members: m, memberTestMse: mseOf(single, test.y), averageTestMse: mseOf(mean, test.y) });
    }
  }
  return table;
}

/**
 * One AdaBoost round of `runBoosting`: its weighted error errₘ, its αₘ, and the ensemble's
 * accuracies after it.
 */
export interface AdaBoostRow {
  round: number;
  weightedError: number;
  alpha: number;
  /** Ensemble accuracy on the training rows after the round. */
  trainAccuracy: number;
  testAccuracy: number;
}

/** One gradient-boosting round of `runBoosting`: the ensemble's training and test MSE after it. */
export interface GradientBoostRow {
  round: number;
  trainMse: number;
  testMse: number;
}

interface BoostRunBase {
  /** Every member fitted, in order (AdaBoost may fit one more than it keeps: the one no better than chance). */
  trained: EnsembleMember[];
  /** The shrinkage ν every member's weight was multiplied by. */
  shrinkage: number;
  /** Free the members' WASM memory (after the last prediction or checkpoint). */
  free(): void;
}

/** AdaBoost SAMME; each round's sample weights are `model.rounds[m].weights`. */
export interface AdaBoostRun extends BoostRunBase {
  method: 'adaboost-samme';
  model: AdaBoostModel;
  rounds: AdaBoostRow[];
}

/**
 * Gradient boosting for regression (squared loss); each round's residuals are
 * `model.rounds[m].residuals`.
 */
export interface GradientBoostRun extends BoostRunBase {
  method: 'gradient-boosting';
  model: GradientBoostingModel;
  rounds: GradientBoostRow[];
}

/**
 * What `runBoosting` returns: AdaBoost SAMME (classification) or gradient boosting (regression),
 * told apart by `method`.
 */
export type BoostRun = AdaBoostRun | GradientBoostRun;

/**
 * The AdaBoost vote after each round on rows x: S⁽ᵐ⁾ᵢₖ = Σ_{j≤m} αⱼ [argmax hⱼ(xᵢ) = k], handed to
 * `visit(m, S⁽ᵐ⁾)` (the same buffer, updated in place, for m = 0…M−1).
 */
export function adaBoostVotesByRound(model: AdaBoostModel, x: Float32Array, visit: (round: number, scores: Float64Array) => void): void {
  const k = model.classes;
  let scores: Float64Array | null = null;
  model.members.forEach((h, m) => {
    const p = argmaxF64(h.predict(x), k);
    scores ??= new Float64Array(p.length * k);
    for (let i = 0; i < p.length; i++) scores[i * k + p[i]!]! += model.rounds[m]!.alpha;
    visit(m, scores);
  });
}

/**
 * Boosting on the run's training rows with rng Rng(seed).fork('ensemble'): AdaBoost SAMME for
 * classification (shrinkage ν default 1), gradient boosting for regression (ν default 0.1),
 * each round scored on the test split: the weighted vote's accuracy, or Fₘ = F₀ + ν Σ hⱼ's MSE.
 */
export function runBoosting(data: Prepared, learner: Learner, o: { rounds: number; seed: number; shrinkage?: number }): BoostRun {
  const test = data.test!;
  const rows = { x: data.train.x, y: data.train.y, n: data.train.n, features: data.features };
  const rng = new Rng(o.seed).fork('ensemble');
  const trained: EnsembleMember[] = [];
  const free = releaseAll(trained);
  const learn = tracked(learner, trained);
  try {
    if (data.task === 'classification') {
      const nu = o.shrinkage ?? 1;
      const model = inContext('adaBoost', () => adaBoost({ data: { ...rows, y: rows.y as Int32Array }, classes: data.classes, rounds: o.rounds, learner: learn, learningRate: nu, rng }));
      const table: AdaBoostRow[] = [];
      adaBoostVotesByRound(model, test.x, (m, scores) => {
        const br = model.rounds[m]!;
        table.push({ round: m + 1, weightedError: br.error, alpha: br.alpha, trainAccuracy: br.trainAccuracy, testAccuracy: accuracyOf(argmaxF64(scores, data.classes), test.y) });
      });
      return { method: 'adaboost-samme', model, rounds: table, trained, shrinkage: nu, free };
    }
    const nu = o.shrinkage ?? 0.1;
    const model = inContext('gradientBoosting', () => gradientBoosting({ data: { ...rows, y: rows.y as Float32Array }, rounds: o.rounds, learner: learn, learningRate: nu, rng }));
    const f = new Float64Array(test.n).fill(model.init);
    const table = model.rounds.map((br, m): GradientBoostRow => {
      const h = model.members[m]!.predict(test.x);
      for (let i = 0; i < test.n; i++) f[i]! += nu * h[i]!;
      return { round: m + 1, trainMse: br.trainMse, testMse: mseOf(f, test.y) };
    });
    return { method: 'gradient-boosting', model, rounds: table, trained, shrinkage: nu, free };
  } catch (e) {
    free();
    throw e;
  }
}
