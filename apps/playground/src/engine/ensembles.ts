// Bagging's vote and AdaBoost round by round, run by @descent/train's runBagging / runBoosting —
// the engine of `descent ensemble bag|boost` — on the config the view's settings describe:
// bagged MLPs vote over the plane; AdaBoost (SAMME) with decision stumps shows each round's
// sample weights. The heatmaps come from the members' outputs on the plane. The bagged members
// can also run as `ensemble/bagging-member` job specs on any runner (the worker pool): baggingOn
// gives runBagging's members bit for bit. Boosting's rounds depend on each other: they stay here.
import { DescentError } from '@descent/optim-wasm';
import {
  adaBoostVotesByRound,
  baggingOn,
  ensembleLearner,
  majorityVote,
  networkMember,
  planeBounds,
  planeGrid,
  prepareEnsemble,
  runBagging,
  runBoosting,
  runJobs,
  type BaggingMemberResult,
  type BagRow,
  type JobRunner,
  type Prepared,
  type RunOptions,
  type TrainConfig,
} from '@descent/train';
import type { EnsembleConfig } from '../config.js';
import type { CsvFile, Heatmap, Points } from '../protocol.js';
import { ensembleTrainConfig } from '../view-configs.js';
import { jobDataOf, makeDataset, pointsOf } from './data.js';

const RES = 40;

const argmaxRow = (s: ArrayLike<number>, k: number, i: number) => {
  let best = 0;
  for (let j = 1; j < k; j++) if (s[i * k + j]! > s[i * k + best]!) best = j;
  return best;
};

type Bagging = { heatmap: Heatmap; accuracy: number; memberAccuracy: number[] };

/** The vote over the plane from each member's outputs on the grid, and the test accuracies of bagging's table. */
function baggingView(p: Prepared, outs: Float64Array[], rows: readonly BagRow[]): Bagging {
  const k = p.classes;
  const cells = RES * RES;
  const win = majorityVote(outs, k);
  // the share of members voting for the winning class (two classes: for class 1)
  const share = new Float64Array(cells);
  for (const out of outs) for (let i = 0; i < cells; i++) share[i]! += (k === 2 ? argmaxRow(out, k, i) === 1 : argmaxRow(out, k, i) === win[i]) ? 1 / outs.length : 0;
  const acc = rows as readonly { memberTestAccuracy: number; voteTestAccuracy: number }[];
  return { heatmap: { res: RES, bounds: planeBounds(p.all.x), p: Float32Array.from(share), label: win }, accuracy: acc[acc.length - 1]!.voteTestAccuracy, memberAccuracy: acc.map((r) => r.memberTestAccuracy) };
}

/** AdaBoost with stumps, round by round, and the bagging part: the view's result. */
function withBoosting(p: Prepared, tc: TrainConfig, c: EnsembleConfig, bagging: Bagging) {
  const k = p.classes;
  const cells = RES * RES;
  const bounds = planeBounds(p.all.x);
  const boost = runBoosting(p, ensembleLearner('stump', tc, p), { rounds: c.rounds, seed: tc.seed });
  try {
    if (boost.method !== 'adaboost-samme') throw new DescentError('bad-data', 'ensembles: AdaBoost needs class labels, got a regression dataset');
    const run = boost;
    const boosting: { round: number; alpha: number; error: number; weights: number[]; heatmap: Heatmap; accuracy: number }[] = [];
    adaBoostVotesByRound(run.model, planeGrid(RES, bounds), (m, scores) => {
      const label = new Int32Array(cells);
      const conf = new Float32Array(cells);
      for (let i = 0; i < cells; i++) {
        let tot = 0;
        for (let j = 0; j < k; j++) tot += scores[i * k + j]!;
        const best = argmaxRow(scores, k, i);
        label[i] = best;
        conf[i] = k === 2 ? (tot > 0 ? scores[i * 2 + 1]! / tot : 0.5) : tot > 0 ? scores[i * k + best]! / tot : 1;
      }
      const r = run.rounds[m]!;
      boosting.push({ round: r.round, alpha: r.alpha, error: r.weightedError, weights: Array.from(run.model.rounds[m]!.weights), heatmap: { res: RES, bounds, p: conf, label }, accuracy: r.testAccuracy });
    });
    const points: Points = pointsOf(p);
    return { points, bagging, boosting };
  } finally {
    boost.free();
  }
}

/** Bagging (vote) and AdaBoost with stumps on the view's data (what the worker posts as 'ensembles-result'). */
export function runEnsembles(c: EnsembleConfig, csv: CsvFile | null) {
  const tc = ensembleTrainConfig(c, csv?.name ?? null);
  const p = prepareEnsemble(makeDataset(c.dataset, c.samples, c.noise, c.seed, csv), tc);
  const bag = runBagging(p, networkMember(tc, p), { members: c.members, seed: tc.seed });
  let bagging: Bagging;
  try {
    bagging = baggingView(p, bag.model.memberOutputs(planeGrid(RES, planeBounds(p.all.x))), bag.rows);
  } finally {
    bag.free();
  }
  return withBoosting(p, tc, c, bagging);
}

/** runEnsembles with the bagged members as `ensemble/bagging-member` specs on `runner`; `options.onDone` hears each finished job, `options.signal` cancels. */
export async function runEnsemblesOn(c: EnsembleConfig, csv: CsvFile | null, runner: JobRunner, options: Omit<RunOptions, 'blobs'> = {}) {
  const tc = ensembleTrainConfig(c, csv?.name ?? null);
  const { data, jobData, blobs } = await jobDataOf(tc, csv);
  const bag = await baggingOn(tc, data, jobData, { members: c.members, learner: 'net', grid: RES }, async (specs) => (await runJobs<BaggingMemberResult>(specs, runner, { ...options, blobs })).map((r) => r.value));
  return withBoosting(bag.data, tc, c, baggingView(bag.data, bag.members.map((m) => m.grid!), bag.rows));
}
