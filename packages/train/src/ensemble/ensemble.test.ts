import { describe, expect, it } from 'vitest';
import { adam, DescentError, Rng } from '@descent/optim-wasm';
import { blobs } from '../data/synthetic.js';
import { noisySine } from '../data/regression.js';
import { biasVariance } from '../stats/bias-variance.js';
import { accuracy } from '../fit/metrics.js';
import { mlp } from '../models/mlp.js';
import { adaBoost } from './adaboost.js';
import { bagging } from './bagging.js';
import { gradientBoosting } from './gradient-boosting.js';
import { networkLearner, weightedResample } from './learner.js';
import { classificationStump, regressionStump, type Stump } from './stump.js';

const rng = new Rng(0);
const stumpOf = (p: unknown) => (p as { stump: Stump }).stump;

describe('decision stumps', () => {
  it('classification: the weighted-error minimising split, midpoint threshold, one-hot output', () => {
    const x = new Float32Array([1, 2, 3, 4, 5]);
    const y = new Int32Array([0, 0, 1, 1, 0]);
    const h = classificationStump()({ x, y, n: 5, features: 1, classes: 2 }, rng);
    expect(stumpOf(h)).toEqual({ feature: 0, threshold: 2.5, left: 0, right: 1, loss: 1 });
    expect([...h.predict(new Float32Array([0, 9]))]).toEqual([1, 0, 0, 1]);
    // weights move the split: x=5 (class 0) heavy → split at 4.5
    const w = new Float64Array([1, 1, 1, 1, 10]);
    expect(stumpOf(classificationStump()({ x, y, n: 5, features: 1, classes: 2, weights: w }, rng)).loss).toBe(2);
  });

  it('regression: least-squares split with leaf means; picks the informative feature', () => {
    const x = new Float32Array([5, 0, 1, 0, 5, 1, 2, 1, 9, 0]); // feature 1 (0/1) separates y exactly, feature 0 does not
    const y = new Float64Array([1, 1, 3, 3, 1]);
    const s = stumpOf(regressionStump()({ x, y, n: 5, features: 2 }, rng));
    expect(s).toEqual({ feature: 1, threshold: 0.5, left: 1, right: 3, loss: 0 });
    // feature 0 alone, sorted x 1 2 5 5 9 with y 1 3 1 3 1: SSE 0+4 at 1.5, 2+8/3 at 3.5, 4+0 at 7;
    // the tie 1.5 vs 7 goes to the first threshold
    const one = stumpOf(regressionStump()({ x: new Float32Array([5, 1, 5, 2, 9]), y, n: 5, features: 1 }, rng));
    expect(one).toEqual({ feature: 0, threshold: 1.5, left: 1, right: 2, loss: expect.closeTo(4, 12) });
  });
});

describe('AdaBoost SAMME', () => {
  it('weighted errors, alphas and sample weights are exact on a hand-checkable example', () => {
    // x = 1..5, y = 0 0 1 1 0, K = 2, stumps.
    // Round 1: w = 1/5 each; best stump x ≤ 2.5 → 0 else 1 misses x=5: err = 0.2, α = ln(0.8/0.2) = ln 4;
    //   w ← w·e^α on x=5 → (0.2, 0.2, 0.2, 0.2, 0.8)/1.6 = (1/8, 1/8, 1/8, 1/8, 1/2).
    // Round 2: every split costs at least 1/4; the first (x ≤ 1.5, both leaves class 0) misses x=3, x=4:
    //   err = 1/4, α = ln 3; w ← (1/8, 1/8, 3/8, 3/8, 1/2)/1.5 = (1/12, 1/12, 1/4, 1/4, 1/3).
    // Votes: x=1,2: ln4·[0]... class 0 gets ln 4 + ln 3 → 0; x=3,4,5: class 1 ln 4 > class 0 ln 3 → 1.
    const data = { x: new Float32Array([1, 2, 3, 4, 5]), y: new Int32Array([0, 0, 1, 1, 0]), n: 5, features: 1 };
    const b = adaBoost({ data, classes: 2, rounds: 3 });
    const [r1, r2, r3] = b.rounds;
    expect([...r1!.weights]).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(r1!.error).toBeCloseTo(0.2, 15);
    expect(r1!.alpha).toBeCloseTo(Math.log(4), 14);
    [1 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 2].forEach((v, i) => expect(r2!.weights[i]).toBeCloseTo(v, 15));
    expect(stumpOf(b.members[1])).toMatchObject({ threshold: 1.5, left: 0, right: 0 });
    expect(r2!.error).toBeCloseTo(0.25, 15);
    expect(r2!.alpha).toBeCloseTo(Math.log(3), 14);
    [1 / 12, 1 / 12, 1 / 4, 1 / 4, 1 / 3].forEach((v, i) => expect(r3!.weights[i]).toBeCloseTo(v, 15));
    expect([...b.predict(new Float32Array([1, 2, 3, 4, 5]))].slice(0, 2)).toEqual([0, 0]);
    const s2 = adaBoost({ data, classes: 2, rounds: 2 }).scores(new Float32Array([1, 3, 5]));
    expect([...s2]).toEqual([Math.log(4) + Math.log(3), 0, Math.log(3), Math.log(4), Math.log(3), Math.log(4)].map((v) => expect.closeTo(v, 12)));
  });

  it('K classes add ln(K−1); a perfect member stops with α = 1; a useless first member is an error', () => {
    const data = { x: new Float32Array([0, 1, 2, 3, 4, 5]), y: new Int32Array([0, 0, 1, 1, 2, 2]), n: 6, features: 1 };
    const b = adaBoost({ data, classes: 3, rounds: 1, learningRate: 0.5 });
    expect(b.rounds[0]!.error).toBeCloseTo(1 / 3, 15);
    expect(b.rounds[0]!.alpha).toBeCloseTo(0.5 * (Math.log(2) + Math.log(2)), 14);
    const sep = adaBoost({ data: { x: new Float32Array([0, 1, 2, 3]), y: new Int32Array([0, 0, 1, 1]), n: 4, features: 1 }, classes: 2, rounds: 5 });
    expect(sep.stopReason).toBe('perfect-fit');
    expect(sep.rounds.map((r) => [r.error, r.alpha])).toEqual([[0, 1]]);
    const same = { x: new Float32Array([1, 1, 1, 1]), y: new Int32Array([0, 1, 0, 1]), n: 4, features: 1 };
    expect(() => adaBoost({ data: same, classes: 2, rounds: 3 })).toThrow(DescentError);
    expect(() => adaBoost({ data: same, classes: 2, rounds: 3 })).toThrow(/first member's weighted error 0.5 is no better than chance/);
  });

  it('boosted stumps beat a single stump on blobs', () => {
    const d = blobs({ n: 200, centers: 3, std: 1.2, features: 2, rng: 4 });
    const b = adaBoost({ data: d, classes: 3, rounds: 30 });
    expect(b.rounds[b.rounds.length - 1]!.trainAccuracy).toBeGreaterThan(b.rounds[0]!.trainAccuracy + 0.1);
  });
});

describe('gradient boosting', () => {
  it('on a noisy sine the training MSE goes down every round; residuals are y − F', () => {
    const sine = noisySine({ n: 80, noise: 0.2, rng: 3 });
    const gb = gradientBoosting({ data: sine, rounds: 40, learningRate: 0.3 });
    const mean = sine.y.reduce((a, b) => a + b, 0) / sine.n;
    expect(gb.init).toBeCloseTo(mean, 12);
    gb.rounds[0]!.residuals.forEach((r, i) => expect(r).toBeCloseTo(sine.y[i]! - mean, 12));
    const mses = gb.rounds.map((r) => r.trainMse);
    for (let m = 1; m < mses.length; m++) expect(mses[m]).toBeLessThan(mses[m - 1]!);
    let sse = 0;
    for (let i = 0; i < sine.n; i++) sse += (sine.y[i]! - mean) ** 2;
    expect(mses[0]).toBeLessThan(sse / sine.n);
    expect(mses[39]).toBeLessThan(0.06);
    const pred = gb.predict(sine.x);
    const mse = pred.reduce((s, p, i) => s + (p - sine.y[i]!) ** 2, 0) / sine.n;
    expect(mse).toBeCloseTo(mses[39]!, 10);
  });
});

describe('bagging', () => {
  it("bagged stumps' variance across training sets is well below a single stump's (noisy sine, seeded)", () => {
    const grid = new Float32Array(50).map((_, i) => -3 + (6 * i) / 49);
    const fTrue = Array.from(grid, (v) => Math.sin(v));
    const single: Float64Array[] = [];
    const bagged: Float64Array[] = [];
    for (let r = 0; r < 16; r++) {
      const d = noisySine({ n: 60, noise: 0.3, rng: 100 + r });
      single.push(regressionStump()({ x: d.x, y: d.y, n: d.n, features: 1 }, rng).predict(grid));
      bagged.push(bagging({ data: d, members: 25, learner: regressionStump(), rng: r }).average(grid));
    }
    const a = biasVariance({ predictions: single, fTrue, noiseVariance: 0.09 });
    const b = biasVariance({ predictions: bagged, fTrue, noiseVariance: 0.09 });
    expect(b.avgVariance).toBeLessThan(0.6 * a.avgVariance);
    expect(b.avgExpectedError).toBeLessThan(a.avgExpectedError);
  });

  it('small networks: vote and average, out-of-bag score; members are seeded', () => {
    const d = blobs({ n: 90, centers: 3, std: 1, features: 2, rng: 8 });
    const learner = networkLearner({
      build: (r) => mlp({ inputs: 2, hidden: [8], outputs: 3, rng: r }),
      fit: { optimizer: adam({ lr: 0.05 }), epochs: 15, batchSize: 16 },
    });
    const bag = bagging({ data: d, classes: 3, members: 3, learner, rng: 1 });
    expect(accuracy(bag.vote(d.x), d.y)).toBeGreaterThan(0.9);
    expect(accuracy(bag.predictAverage(d.x), d.y)).toBeGreaterThan(0.9);
    const probs = bag.average(d.x);
    for (let i = 0; i < 3; i++) expect(probs[i * 3]! + probs[i * 3 + 1]! + probs[i * 3 + 2]!).toBeCloseTo(1, 12);
    const oob = bag.oob();
    expect(oob.rows).toBeGreaterThan(60);
    expect(oob.score).toBeGreaterThan(0.85);
    const again = bagging({ data: d, classes: 3, members: 3, learner, rng: 1 });
    expect([...again.average(d.x)]).toEqual([...probs]);
  });

  it('weighted resampling draws rows in proportion to their weights', () => {
    const idx = weightedResample(new Float64Array([1, 0, 3]), new Rng(2), 4000);
    const counts = [0, 0, 0];
    idx.forEach((i) => counts[i]!++);
    expect(counts[1]).toBe(0);
    expect(counts[2]! / 4000).toBeGreaterThan(0.72);
    expect(counts[2]! / 4000).toBeLessThan(0.78);
    expect(() => weightedResample(new Float64Array([0, 0]), new Rng(0))).toThrow(/sum to 0/);
  });
});
