import { Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { bootstrapSamples } from '../stats/bootstrap.js';
import { noisySine } from '../data/regression.js';
import { softmaxRows } from '../ensemble/learner.js';
import { predict } from '../fit/evaluate.js';
import { mlp } from '../models/mlp.js';
import { tensorsUnder } from '../fit/checkpoint-content.js';
import { biasVarianceSettings, disagreementFor, runBiasVariance, validateBiasVarianceSettings, type BiasVarianceSettings } from './bias-variance-run.js';
import { planeBounds, planeGrid } from './plane-grid.js';
import { polyfit, polyval } from './polyfit.js';

const VIEW = { samples: 40, noise: 0.3, fits: 20, degree: 3, maxDegree: 12, seed: 7 };

describe('polyfit', () => {
  it('recovers a cubic exactly from noiseless points (f64, to 1e-9)', () => {
    const p = (x: number) => 0.5 - 1.25 * x + 0.3 * x ** 2 + 0.07 * x ** 3;
    const xs = Array.from({ length: 25 }, (_, i) => -3 + (6 * i) / 24);
    const c = polyfit(xs, xs.map(p), 3, [-Math.PI, Math.PI], 0);
    for (const x of [-2.9, -1, 0, 0.37, 2.5]) expect(Math.abs(polyval(c, x, [-Math.PI, Math.PI]) - p(x))).toBeLessThan(1e-9);
  });
  it('degree 0 is the mean; repeated rows (a bootstrap resample) stay solvable with the ridge', () => {
    const c = polyfit([1, 2, 3, 4], [2, 4, 4, 6], 0, [0, 5]);
    expect(c[0]).toBeCloseTo(4, 8);
    const rep = polyfit([1, 1, 1, 2], [3, 3, 3, 5], 6, [0, 5]);
    expect(Math.abs(polyval(rep, 1, [0, 5]) - 3)).toBeLessThan(1e-6);
    expect(Math.abs(polyval(rep, 2, [0, 5]) - 5)).toBeLessThan(1e-6);
  });
});

describe('plane grid', () => {
  it('widens the box by 15 % and puts row 0 at the top', () => {
    expect(planeBounds([0, 0, 2, 1, 1, -1])).toEqual([-0.3, 2.3, -1.3, 1.3]);
    const g = planeGrid(2, [0, 2, 0, 4]);
    expect(Array.from(g)).toEqual([0.5, 3, 1.5, 3, 0.5, 1, 1.5, 1]);
  });
});

describe('runBiasVariance', () => {
  const noPlane: BiasVarianceSettings = { ...VIEW, disagreement: null };

  it('the decomposition is that of the K fits: mean, bias², variance and noise recomputed by hand', () => {
    const r = runBiasVariance(noPlane);
    expect(r.fits).toHaveLength(20);
    expect(r.x).toHaveLength(80);
    const m = r.x.length;
    let b2 = 0;
    let v = 0;
    for (let j = 0; j < m; j++) {
      const mean = r.fits.reduce((a, f) => a + f[j]!, 0) / r.fits.length;
      expect(r.mean[j]).toBeCloseTo(mean, 12);
      expect(r.truth[j]).toBe(Math.sin(r.x[j]!));
      b2 += (mean - r.truth[j]!) ** 2;
      v += r.fits.reduce((a, f) => a + (f[j]! - mean) ** 2, 0) / r.fits.length;
    }
    expect(r.terms.bias2).toBeCloseTo(b2 / m, 12);
    expect(r.terms.variance).toBeCloseTo(v / m, 12);
    expect(r.terms.noise).toBeCloseTo(0.09, 15);
    expect(r.terms.total).toBeCloseTo(r.terms.bias2 + r.terms.variance + r.terms.noise, 14);
    expect(r.curve[3]).toEqual({ degree: 3, ...r.terms });
  });

  it('draws the sample and the resamples from the seed streams (dataset, bootstrap)', () => {
    const r = runBiasVariance(noPlane);
    const d = noisySine({ n: 40, noise: 0.3, rng: new Rng(7).fork('dataset') });
    expect(r.data).toEqual({ x: Array.from(d.x), y: Array.from(d.y) });
    const s = bootstrapSamples(40, 20, new Rng(7).fork('bootstrap'))[4]!.sample;
    const c = polyfit(Array.from(s, (i) => d.x[i]!), Array.from(s, (i) => d.y[i]!), 3, [-Math.PI, Math.PI]);
    expect(r.fits[4]).toEqual(r.x.map((g) => polyval(c, g, [-Math.PI, Math.PI])));
  });

  it('the U-curve: bias² falls and variance rises with degree; the expected error is lowest in between', () => {
    const r = runBiasVariance(noPlane);
    expect(r.curve.map((c) => c.degree)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    const best = r.curve.reduce((a, b) => (b.total < a.total ? b : a));
    expect(best.degree).toBeGreaterThan(0);
    expect(best.degree).toBeLessThan(12);
    expect(r.curve[0]!.bias2).toBeGreaterThan(10 * r.curve[0]!.variance);
    expect(r.curve[12]!.variance).toBeGreaterThan(2 * best.variance);
    // the cubic already captures sin on [−π, π]: bias² drops by 10× from degree 1 to 3
    expect(r.curve[3]!.bias2).toBeLessThan(r.curve[1]!.bias2 / 10);
    for (let d = 4; d <= 12; d++) expect(r.curve[d]!.variance).toBeGreaterThan(r.curve[3]!.variance);
  });

  it('is a pure function of its settings: same bits twice, another seed differs', () => {
    const a = runBiasVariance(noPlane);
    expect(runBiasVariance(noPlane)).toEqual(a);
    expect(runBiasVariance({ ...noPlane, seed: 8 }).terms.bias2).not.toBe(a.terms.bias2);
  });

  it('the 2-D part: mean probabilities sum to 1 per cell, variance >= 0 and largest near the boundary, the ensemble fits moons', () => {
    const r = runBiasVariance(biasVarianceSettings({ ...VIEW, fits: 4, disagreement: { epochs: 30 } }));
    const d = r.disagreement!;
    expect(r.settings.disagreement).toEqual({ ...disagreementFor({ fits: 4, degree: 3 }), epochs: 30 });
    expect(d.variance).toHaveLength(40 * 40);
    expect(d.mean).toHaveLength(40 * 40 * 2);
    for (let i = 0; i < d.variance.length; i++) {
      expect(d.mean[2 * i]! + d.mean[2 * i + 1]!).toBeCloseTo(1, 12);
      expect(d.variance[i]).toBeGreaterThanOrEqual(0);
    }
    expect(d.maxVariance).toBe(Math.max(...d.variance));
    expect(d.meanVariance).toBeCloseTo(d.variance.reduce((a, b) => a + b, 0) / d.variance.length, 12);
    expect(d.maxVariance).toBeGreaterThan(d.meanVariance);
    // cells where the ensemble is unsure (mean p near ½) disagree more than confident ones
    const unsure = d.variance.filter((_, i) => Math.abs(d.mean[2 * i]! - 0.5) < 0.1);
    const sure = d.variance.filter((_, i) => Math.abs(d.mean[2 * i]! - 0.5) > 0.45);
    const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(avg(unsure)).toBeGreaterThan(avg(sure));
    expect(d.trainAccuracy).toBeGreaterThan(0.85);
    expect(d.points.x).toHaveLength(400);
    expect(d.bounds).toEqual(planeBounds(d.points.x));
  });

  it('keeps the models it ends with: fits are polyval of their coefficients; member weights reproduce the mean probabilities', () => {
    const r = runBiasVariance(biasVarianceSettings({ ...VIEW, fits: 3, disagreement: { epochs: 7, res: 6 } }));
    expect(r.coefficients).toHaveLength(3);
    r.coefficients.forEach((c, k) => {
      expect(c).toHaveLength(4);
      expect(r.fits[k]).toEqual(r.x.map((g) => polyval(Float64Array.from(c), g, [-Math.PI, Math.PI])));
    });
    const d = r.disagreement!;
    expect(d.members).toHaveLength(3);
    const grid = planeGrid(6, d.bounds);
    const sum = new Float64Array(72);
    for (const m of d.members) {
      expect(m.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      for (const h of m.history) expect(Number.isFinite(h.trainLoss)).toBe(true);
      expect(m.tensors.map((t) => [t.name, t.shape])).toEqual([
        ['model/0.weight', [8, 2]],
        ['model/0.bias', [8]],
        ['model/2.weight', [8, 8]],
        ['model/2.bias', [8]],
        ['model/4.weight', [2, 8]],
        ['model/4.bias', [2]],
      ]);
      const net = mlp({ inputs: 2, hidden: [8, 8], outputs: 2, rng: new Rng(99) });
      net.loadStateDict(tensorsUnder(m.tensors, 'model'));
      const p = softmaxRows(predict(net, grid, 2).outputs, 2);
      for (let i = 0; i < 72; i++) sum[i]! += p[i]!;
    }
    expect(Array.from(sum, (v) => v / 3)).toEqual(d.mean);
  });

  it('one member cannot disagree with itself: zero variance everywhere', () => {
    const r = runBiasVariance(biasVarianceSettings({ ...VIEW, fits: 3, disagreement: { members: 1, epochs: 5, res: 8 } }));
    expect(r.disagreement!.variance).toEqual(new Array(64).fill(0));
  });

  it('derives the 2-D part like the view: ≤ 12 members, width 2·degree + 2 in [2, 64]; null skips it', () => {
    expect(disagreementFor({ fits: 20, degree: 3 })).toEqual({ samples: 200, noise: 0.25, members: 12, width: 8, epochs: 60, lr: 0.02, batchSize: 32, res: 40 });
    expect(disagreementFor({ fits: 5, degree: 0 })).toMatchObject({ members: 5, width: 2 });
    expect(disagreementFor({ fits: 5, degree: 40 })).toMatchObject({ width: 64 });
    expect(biasVarianceSettings({ ...VIEW, disagreement: null }).disagreement).toBeNull();
  });

  it('bad settings: a DescentError naming the flag and the value', () => {
    const bad: [Partial<BiasVarianceSettings>, RegExp][] = [
      [{ samples: 1 }, /`samples` must be an integer in \[2, ∞\], got 1/],
      [{ noise: -0.1 }, /`noise` must be a finite number >= 0, got -0.1/],
      [{ fits: 0 }, /`fits` must be an integer in \[1, ∞\], got 0/],
      [{ degree: 2.5 }, /`degree` must be an integer in \[0, 20\], got 2.5/],
      [{ maxDegree: 21 }, /`maxDegree` must be an integer in \[0, 20\], got 21/],
      [{ seed: -1 }, /`seed` must be an integer in \[0, ∞\], got -1/],
      [{ disagreement: { ...disagreementFor(VIEW), members: 0 } }, /`members` must be an integer in \[1, ∞\], got 0/],
      [{ disagreement: { ...disagreementFor(VIEW), lr: Number.NaN } }, /disagreement lr must be a finite number > 0, got NaN/],
    ];
    for (const [patch, msg] of bad) {
      const s = { ...biasVarianceSettings(VIEW), ...patch };
      expect(() => validateBiasVarianceSettings(s)).toThrow(msg);
      expect(() => runBiasVariance(s)).toThrow(expect.objectContaining({ code: 'bad-config' }));
    }
  });
});
