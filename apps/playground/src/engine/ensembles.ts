// Bagging's vote and AdaBoost round by round, run by @descent/train's runBagging / runBoosting —
// the engine of `descent ensemble bag|boost` — on the config the view's settings describe:
// bagged MLPs vote over the plane; AdaBoost (SAMME) with decision stumps shows each round's
// sample weights. The heatmaps come from the returned members.
import { DescentError } from '@descent/optim-wasm';
import { adaBoostVotesByRound, ensembleLearner, networkMember, prepareEnsemble, runBagging, runBoosting, planeBounds, planeGrid } from '@descent/train';
import type { EnsembleConfig } from '../config.js';
import type { CsvFile, Heatmap, Points } from '../protocol.js';
import { ensembleTrainConfig } from '../view-configs.js';
import { makeDataset, pointsOf } from './data.js';

const RES = 40;

const argmaxRow = (s: ArrayLike<number>, k: number, i: number) => {
  let best = 0;
  for (let j = 1; j < k; j++) if (s[i * k + j]! > s[i * k + best]!) best = j;
  return best;
};

/** Bagging (vote) and AdaBoost with stumps on the view's data (what the worker posts as 'ensembles-result'). */
export function runEnsembles(c: EnsembleConfig, csv: CsvFile | null) {
  const tc = ensembleTrainConfig(c, csv?.name ?? null);
  const p = prepareEnsemble(makeDataset(c.dataset, c.samples, c.noise, c.seed, csv), tc);
  const k = p.classes;
  const bounds = planeBounds(p.all.x);
  const grid = planeGrid(RES, bounds);
  const cells = RES * RES;
  const bag = runBagging(p, networkMember(tc, p), { members: c.members, seed: tc.seed });
  let bagging: { heatmap: Heatmap; accuracy: number; memberAccuracy: number[] };
  try {
    // the share of members voting for the winning class (two classes: for class 1)
    const votes = bag.model.memberOutputs(grid);
    const win = bag.model.vote(grid);
    const share = new Float64Array(cells);
    for (const out of votes) for (let i = 0; i < cells; i++) share[i]! += (k === 2 ? argmaxRow(out, k, i) === 1 : argmaxRow(out, k, i) === win[i]) ? 1 / votes.length : 0;
    const rows = bag.rows as { memberTestAccuracy: number; voteTestAccuracy: number }[];
    bagging = { heatmap: { res: RES, bounds, p: Float32Array.from(share), label: win }, accuracy: rows[rows.length - 1]!.voteTestAccuracy, memberAccuracy: rows.map((r) => r.memberTestAccuracy) };
  } finally {
    bag.free();
  }
  const boost = runBoosting(p, ensembleLearner('stump', tc, p), { rounds: c.rounds, seed: tc.seed });
  try {
    if (boost.method !== 'adaboost-samme') throw new DescentError('bad-data', 'ensembles: AdaBoost needs class labels, got a regression dataset');
    const run = boost;
    const boosting: { round: number; alpha: number; error: number; weights: number[]; heatmap: Heatmap; accuracy: number }[] = [];
    adaBoostVotesByRound(run.model, grid, (m, scores) => {
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
