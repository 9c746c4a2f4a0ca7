import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, type TrainConfig } from './config.js';
import { namedDataset } from './data.js';
import { adaBoostVotesByRound, ensembleLearner, networkMember, prepareEnsemble, runBagging, runBoosting, type AdaBoostRun, type GradientBoostRun } from './ensemble-run.js';

const config = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  ...TRAIN_DEFAULTS,
  name: 'ens',
  dataset: 'moons',
  samples: 120,
  noise: 0.3,
  model: 'mlp:8',
  optim: { lr: 0.03 },
  batchSize: 32,
  epochs: 4,
  valSplit: 0,
  testSplit: 0.25,
  seed: 3,
  ...o,
});

const accuracy = (p: ArrayLike<number>, y: ArrayLike<number>) => {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (p[i] === y[i]) ok++;
  return ok / y.length;
};

describe('ensemble engine: bagging of the run network', () => {
  const c = config();
  const data = prepareEnsemble(namedDataset(c), c);
  const bag = runBagging(data, networkMember(c, data), { members: 3, seed: c.seed });

  it('row m scores the first m members: one member is vote, average and itself; the last row is the whole vote', () => {
    const rows = bag.rows as { members: number; memberTestAccuracy: number; voteTestAccuracy: number; averageTestAccuracy: number }[];
    expect(rows.map((r) => r.members)).toEqual([1, 2, 3]);
    expect(rows[0]!.voteTestAccuracy).toBe(rows[0]!.memberTestAccuracy);
    expect(rows[0]!.averageTestAccuracy).toBe(rows[0]!.memberTestAccuracy);
    expect(rows[2]!.voteTestAccuracy).toBe(accuracy(bag.model.vote(data.test!.x), data.test!.y));
    expect(rows[2]!.averageTestAccuracy).toBe(accuracy(bag.model.predictAverage(data.test!.x), data.test!.y));
  });

  it('every member is a trainer of the run config (epochs, its own seed) on its bootstrap rows', () => {
    expect(bag.trained).toHaveLength(3);
    bag.trained.forEach((m, b) => {
      expect(bag.model.members[b]).toBe(m);
      expect(m.trainer!.history).toHaveLength(4);
      expect(m.trainer!.data.train.n).toBe(data.train.n);
    });
    expect(new Set(bag.trained.map((m) => m.trainer!.config.seed)).size).toBe(3);
  });

  it('the same seed gives the same members, bit for bit; free() releases them', () => {
    const again = runBagging(data, networkMember(c, data), { members: 3, seed: c.seed });
    expect(again.rows).toEqual(bag.rows);
    expect(again.trained.map((m) => m.trainer!.history)).toEqual(bag.trained.map((m) => m.trainer!.history));
    expect(again.oob).toEqual(bag.oob);
    again.free();
    expect(again.trained).toHaveLength(0);
  });
});

describe('ensemble engine: boosting', () => {
  it('AdaBoost SAMME with stumps: α per round, normalised weights, test accuracy of the weighted vote', () => {
    const c = config({ samples: 200 });
    const data = prepareEnsemble(namedDataset(c), c);
    const run = runBoosting(data, ensembleLearner('stump', c, data), { rounds: 6, seed: c.seed }) as AdaBoostRun;
    expect(run.method).toBe('adaboost-samme');
    expect(run.shrinkage).toBe(1);
    expect(run.rounds).toHaveLength(run.model.members.length);
    for (const [m, r] of run.rounds.entries()) {
      expect(r.round).toBe(m + 1);
      expect(r.alpha).toBeCloseTo(Math.log((1 - r.weightedError) / r.weightedError), 12);
      const w = run.model.rounds[m]!.weights;
      expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(run.trained[m]!.stump).toBeDefined();
    }
    const last = run.rounds[run.rounds.length - 1]!;
    expect(last.testAccuracy).toBe(accuracy(run.model.predict(data.test!.x), data.test!.y));
    let final: Float64Array | null = null;
    adaBoostVotesByRound(run.model, data.test!.x, (_m, s) => (final = Float64Array.from(s)));
    expect(final).toEqual(run.model.scores(data.test!.x));
    run.free();
  });

  it('AdaBoost with network learners: each kept member is a trained network', () => {
    const c = config({ epochs: 15, optim: { lr: 0.05 } });
    const data = prepareEnsemble(namedDataset(c), c);
    const run = runBoosting(data, networkMember(c, data), { rounds: 2, seed: c.seed }) as AdaBoostRun;
    expect(run.model.members.length).toBeGreaterThanOrEqual(1);
    for (const m of run.trained) expect(m.trainer!.history).toHaveLength(15);
    run.free();
  });

  it('gradient boosting on a regression set: ν = 0.1, test MSE of F₀ + ν Σ hₘ', () => {
    const c = config({ dataset: 'sine', samples: 80, noise: 0.1 });
    const data = prepareEnsemble(namedDataset(c), c);
    const run = runBoosting(data, ensembleLearner('stump', c, data), { rounds: 5, seed: c.seed }) as GradientBoostRun;
    expect([run.method, run.shrinkage]).toEqual(['gradient-boosting', 0.1]);
    const pred = run.model.predict(data.test!.x);
    let mse = 0;
    for (let i = 0; i < pred.length; i++) mse += (pred[i]! - data.test!.y[i]!) ** 2;
    expect(run.rounds[4]!.testMse).toBeCloseTo(mse / pred.length, 12);
    for (let i = 1; i < 5; i++) expect(run.rounds[i]!.trainMse).toBeLessThanOrEqual(run.rounds[i - 1]!.trainMse);
  });

  it('no test split or a useless first learner is a config error', () => {
    const c = config({ testSplit: 0 });
    expect(() => prepareEnsemble(namedDataset(c), c)).toThrow(/ensemble needs a test split/);
    const weak = config({ epochs: 1, optim: { lr: 0 } });
    const data = prepareEnsemble(namedDataset(weak), weak);
    expect(() => runBoosting(data, networkMember(weak, data), { rounds: 2, seed: 0 })).toThrow(/^adaBoost: the first member's weighted error/);
  });
});
