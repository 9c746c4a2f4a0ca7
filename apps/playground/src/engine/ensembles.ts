// Bagging's vote and AdaBoost round by round, from @descent/train: bagged small networks vote
// over the plane; AdaBoost (SAMME) with decision stumps shows each round's sample weights.
import { adam, Rng } from '@descent/optim-wasm';
import { accuracy, adaBoost, bagging, mlp, networkLearner } from '@descent/train';
import type { EnsembleConfig } from '../config.js';
import type { Heatmap, Points } from '../protocol.js';
import { prepare } from '@descent/train';
import { boundsOf, makeDataset, pointsOf } from './data.js';
import { gridPoints } from './heatmap-grid.js';

const RES = 40;

function voteMap(labels: Int32Array, share: Float64Array, bounds: [number, number, number, number]): Heatmap {
  return { res: RES, bounds, p: Float32Array.from(share), label: labels };
}

export function runEnsembles(c: EnsembleConfig, csv: string | null) {
  const p = prepare(makeDataset(c.dataset, c.samples, c.noise, c.seed, csv), 0, 0.25, c.seed);
  const train = { x: p.train.x, y: p.train.y, n: p.train.n, features: 2 };
  const k = p.classes;
  const bounds = boundsOf(p.all.x);
  const grid = gridPoints(RES, bounds);
  const test = p.test!;
  const bag = bagging({
    data: train,
    classes: k,
    members: c.members,
    learner: networkLearner({
      build: (rng) => mlp({ inputs: 2, hidden: [8], outputs: k, rng }),
      fit: { optimizer: adam({ lr: 0.03 }), epochs: 30, batchSize: 32 },
    }),
    rng: new Rng(c.seed).fork('bagging'),
  });
  // the share of members voting for the winning class (two classes: for class 1)
  const votes = bag.memberOutputs(grid);
  const cells = RES * RES;
  const share = new Float64Array(cells);
  const win = bag.vote(grid);
  for (const out of votes) {
    for (let i = 0; i < cells; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (out[i * k + j]! > out[i * k + best]!) best = j;
      share[i]! += (k === 2 ? best === 1 : best === win[i]) ? 1 / votes.length : 0;
    }
  }
  const memberAccuracy = bag.members.map((m) => {
    const out = m.predict(test.x);
    const pred = new Int32Array(test.n);
    for (let i = 0; i < test.n; i++) for (let j = 1; j < k; j++) if (out[i * k + j]! > out[i * k + pred[i]!]!) pred[i] = j;
    return accuracy(pred, test.y);
  });
  const boost = adaBoost({ data: train, classes: k, rounds: c.rounds });
  const scores = new Float64Array(cells * k);
  const testScores = new Float64Array(test.n * k);
  const rounds = boost.rounds.map((r, m) => {
    const alpha = r.alpha;
    const add = (into: Float64Array, out: Float64Array) => {
      for (let i = 0; i < out.length; i++) into[i]! += alpha * out[i]!;
    };
    add(scores, boost.members[m]!.predict(grid));
    add(testScores, boost.members[m]!.predict(test.x));
    const label = new Int32Array(cells);
    const conf = new Float64Array(cells);
    for (let i = 0; i < cells; i++) {
      let best = 0;
      let tot = 0;
      for (let j = 0; j < k; j++) {
        tot += scores[i * k + j]!;
        if (scores[i * k + j]! > scores[i * k + best]!) best = j;
      }
      label[i] = best;
      conf[i] = k === 2 ? (tot > 0 ? scores[i * 2 + 1]! / tot : 0.5) : tot > 0 ? scores[i * k + best]! / tot : 1;
    }
    const tp = new Int32Array(test.n);
    for (let i = 0; i < test.n; i++) for (let j = 1; j < k; j++) if (testScores[i * k + j]! > testScores[i * k + tp[i]!]!) tp[i] = j;
    return { round: m + 1, alpha, error: r.error, weights: Array.from(r.weights), heatmap: voteMap(label, conf, bounds), accuracy: accuracy(tp, test.y) };
  });
  const points: Points = pointsOf(p);
  return {
    points,
    bagging: { heatmap: voteMap(win, share, bounds), accuracy: accuracy(bag.vote(test.x), test.y), memberAccuracy },
    boosting: rounds,
  };
}
