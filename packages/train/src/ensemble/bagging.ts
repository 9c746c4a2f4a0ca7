import { DescentError, Rng } from '@descent/optim-wasm';
import { takeLabels, takeRows } from '../data/loader.js';
import { bootstrapSample, outOfBag } from '../stats/bootstrap.js';
import type { FitData } from '../fit/model.js';
import { argmaxF64, rowCount, type Learner, type Predictor } from './learner.js';

/**
 * What `bagging` fits: the rows, the ensemble size B, the learner that fits each member, and the
 * seed (or Rng) every member's fork comes from.
 */
export interface BaggingOptions {
  data: FitData;
  /** Number of classes (classification); omit for regression. */
  classes?: number;
  /** Ensemble size B. */
  members: number;
  learner: Learner;
  rng: Rng | number;
}

/**
 * A fitted bagging ensemble: its members, their bootstrap samples, and the ways to combine them.
 */
export interface BaggingModel {
  members: Predictor[];
  /** Member b's bootstrap rows and its out-of-bag rows (ascending). */
  samples: { sample: Int32Array; oob: Int32Array }[];
  classes?: number;
  /** Each member's raw output on x (probabilities [m, classes] or values [m]). */
  memberOutputs(x: Float32Array): Float64Array[];
  /** Mean of the member outputs: averaged class probabilities [m, classes], or the mean regression value. */
  average(x: Float32Array): Float64Array;
  /** Classification: the majority of the members' classes (lowest class on ties). */
  vote(x: Float32Array): Int32Array;
  /** Classification: argmax of the averaged probabilities. */
  predictAverage(x: Float32Array): Int32Array;
  /**
   * Out-of-bag estimate on the training rows: every row is predicted by the members that did
   * not see it (averaging); accuracy (classification) or MSE (regression) over rows with at
   * least one such member, and how many rows that was.
   */
  oob(): { score: number; rows: number };
}

/**
 * Bootstrap aggregating (Breiman 1996): member b is fitted on the bootstrap sample
 * `bootstrapSamples(n, B, rng)[b]` (n rows drawn with replacement) with its own fork of `rng`;
 * the ensemble averages the members (probabilities, or values) or takes a majority vote of their
 * classes. Averaging B members of variance σ² and correlation ρ leaves variance ρσ² + (1 − ρ)σ²/B.
 *
 * @example const bag = bagging({ data: train, classes: 10, members: 10, learner: networkLearner({...}), rng: 0 });
 *          accuracy(bag.vote(test.x), test.y)
 */
export function bagging(options: BaggingOptions): BaggingModel {
  const op = 'bagging';
  const { data, classes } = options;
  if (!Number.isInteger(options.members) || options.members < 1) throw new DescentError('bad-arg', `${op}: members must be an integer >= 1, got ${options.members}`);
  if (classes !== undefined && !(data.y instanceof Int32Array)) throw new DescentError('bad-data', `${op}: classification needs Int32Array labels`);
  const root = options.rng instanceof Rng ? options.rng : new Rng(options.rng);
  const fitted = Array.from({ length: options.members }, (_, b) => baggingMember(options, root, b));
  const samples = fitted.map(({ sample, oob }) => ({ sample, oob }));
  const members = fitted.map((f) => f.predictor);
  const memberOutputs = (x: Float32Array) => {
    rowCount(`${op}.predict`, x, data.features);
    return members.map((m) => m.predict(x));
  };
  const average = (x: Float32Array) => averageOutputs(memberOutputs(x));
  const needClasses = (what: string) => {
    if (classes === undefined) throw new DescentError('bad-arg', `${op}.${what}: only for classification (pass classes)`);
    return classes;
  };
  return {
    members,
    samples,
    ...(classes === undefined ? {} : { classes }),
    memberOutputs,
    average,
    vote: (x) => majorityVote(memberOutputs(x), needClasses('vote')),
    predictAverage: (x) => argmaxF64(average(x), needClasses('predictAverage')),
    oob: () => oobScore(data, classes, members.map((m, b) => ({ oob: samples[b]!.oob, outputs: samples[b]!.oob.length ? m.predict(takeRows(data.x, data.features, samples[b]!.oob)) : new Float64Array(0) }))),
  };
}

/** The element-wise mean of the members' outputs (summed in member order, then divided). */
export function averageOutputs(outs: readonly Float64Array[]): Float64Array {
  const mean = new Float64Array(outs[0]!.length);
  for (const o of outs) for (let i = 0; i < o.length; i++) mean[i]! += o[i]!;
  for (let i = 0; i < mean.length; i++) mean[i]! /= outs.length;
  return mean;
}

/** The majority of the members' classes per row (lowest class on ties), from each member's class probabilities [rows, k]. */
export function majorityVote(outputs: readonly Float64Array[], k: number): Int32Array {
  const counts = new Float64Array(outputs[0]?.length ?? 0);
  for (const o of outputs) {
    const p = argmaxF64(o, k);
    for (let i = 0; i < p.length; i++) counts[i * k + p[i]!]!++;
  }
  return argmaxF64(counts, k);
}

/**
 * Member b of `bagging(options)` on its own (what a job computes): its bootstrap rows
 * (`bootstrapSamples(n, B, root.fork('bootstrap'))[b]`), their out-of-bag complement, and the
 * learner fitted on them with `root.fork('member/<b>')`, where root is `options.rng`.
 */
export function baggingMember(options: Omit<BaggingOptions, 'rng'>, root: Rng, b: number): { sample: Int32Array; oob: Int32Array; predictor: Predictor } {
  const { data, classes } = options;
  const sample = bootstrapSample(data.n, root.fork('bootstrap').fork(`bootstrap/${b}`));
  const rows = { x: takeRows(data.x, data.features, sample), y: takeLabels(data.y, sample), n: sample.length, features: data.features };
  const predictor = options.learner(classes === undefined ? rows : { ...rows, classes }, root.fork(`member/${b}`));
  return { sample, oob: outOfBag(data.n, sample), predictor };
}

/**
 * The out-of-bag estimate from each member's outputs on its out-of-bag rows (in member order):
 * every training row is predicted by the average of the members that did not see it; accuracy
 * (classification) or MSE (regression) over rows with at least one such member.
 */
export function oobScore(data: Pick<FitData, 'y' | 'n'>, classes: number | undefined, members: readonly { oob: Int32Array; outputs: Float64Array }[]): { score: number; rows: number } {
  const width = classes ?? 1;
  const sums = new Float64Array(data.n * width);
  const seen = new Int32Array(data.n);
  for (const { oob, outputs } of members) {
    oob.forEach((row, j) => {
      seen[row]!++;
      for (let c = 0; c < width; c++) sums[row * width + c]! += outputs[j * width + c]!;
    });
  }
  let score = 0;
  let rows = 0;
  for (let i = 0; i < data.n; i++) {
    if (!seen[i]) continue;
    rows++;
    if (classes === undefined) score += (sums[i]! / seen[i]! - data.y[i]!) ** 2;
    else score += argmaxF64(sums.subarray(i * width, (i + 1) * width), width)[0] === data.y[i] ? 1 : 0;
  }
  return { score: rows ? score / rows : NaN, rows };
}
