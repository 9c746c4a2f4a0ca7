// The bias–variance run, ONE copy for the playground's bias–variance view (its worker) and
// `descent experiment bias-variance --samples … --degree …`: K polynomial fits of one noisy sine
// sample, each on its own bootstrap resample; bias², variance and noise (biasVariance); the
// U-curve over degree; and, on 2-D moons, where a bagged ensemble of small networks disagrees.
// A pure function of its settings: the same settings give the same bits in Node and the browser.
import { adam, Rng } from '@descent/optim-wasm';
import { noisySine } from '../data/regression.js';
import { averageOutputs, baggingMember } from '../ensemble/bagging.js';
import type { Callback, EpochRecord } from '../fit/types.js';
import { argmaxF64, networkLearner } from '../ensemble/learner.js';
import { mlp } from '../models/mlp.js';
import { biasVariance } from '../stats/bias-variance.js';
import { bootstrapSamples } from '../stats/bootstrap.js';
import { ensembleDisagreement } from '../stats/disagreement.js';
import { modelTensors, type NamedTensor } from '../fit/checkpoint-content.js';
import { namedDataset, prepare } from './data.js';
import { configError, withContext, field } from './errors.js';
import { planeBounds, planeGrid } from './plane-grid.js';
import { polyfit, polyval } from './polyfit.js';

/** The 2-D part: bagged MLPs 2-width-width-2 (Adam) on two moons, painted on a res×res grid. */
export interface DisagreementSettings {
  /** Moons points (Rng(seed).fork('dataset'); every row is a training row, standardised). */
  samples: number;
  noise: number;
  members: number;
  width: number;
  epochs: number;
  lr: number;
  batchSize: number;
  res: number;
}

/** Everything the run depends on (the view's URL state, the CLI's flags). */
export interface BiasVarianceSettings {
  /** Noisy sine y = sin x + N(0, noise²), x ~ U[−π, π]: points and σ. */
  samples: number;
  noise: number;
  /** K: bootstrap resamples, one polynomial fit on each. */
  fits: number;
  /** Degree of the drawn fits and of the bars. */
  degree: number;
  /** The U-curve runs over degrees 0 … maxDegree with the same resamples. */
  maxDegree: number;
  seed: number;
  /** null: no 2-D part. */
  disagreement: DisagreementSettings | null;
}

/** The view's defaults (the CLI's when a flag is missing); the seed has none. */
export const BIAS_VARIANCE_DEFAULTS = { samples: 40, noise: 0.3, fits: 20, degree: 3, maxDegree: 12 } as const;

/** The 2-D part the view derives from its sliders: up to 12 members, width 2·degree + 2 (2 … 64). */
export function disagreementFor(s: { fits: number; degree: number }): DisagreementSettings {
  return { samples: 200, noise: 0.25, members: Math.min(s.fits, 12), width: Math.max(2, Math.min(64, 2 * s.degree + 2)), epochs: 60, lr: 0.02, batchSize: 32, res: 40 };
}

/** Full settings from the view's fields: the 2-D part derived (disagreementFor), overridden field by field, or null to skip it. */
export function biasVarianceSettings(
  c: Omit<BiasVarianceSettings, 'disagreement'> & { disagreement?: Partial<DisagreementSettings> | null },
): BiasVarianceSettings {
  const { disagreement, ...rest } = c;
  return { ...rest, disagreement: disagreement === null ? null : { ...disagreementFor(c), ...disagreement } };
}

/** Degrees up to this keep the normal equations solvable in f64 (with the tiny ridge). */
export const MAX_POLY_DEGREE = 20;

function intIn(flag: string, v: number, lo: number, hi = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(v) || v < lo || v > hi) throw configError(`bias-variance: ${flag} must be an integer in [${lo}, ${hi === Number.MAX_SAFE_INTEGER ? '∞' : hi}], got ${v}`);
}

/** Check the settings; a bad field is a DescentError naming its flag and value. */
export function validateBiasVarianceSettings(s: BiasVarianceSettings): void {
  intIn(field('samples'), s.samples, 2);
  if (!(Number.isFinite(s.noise) && s.noise >= 0)) throw configError(`bias-variance: ${field('noise')} must be a finite number >= 0, got ${s.noise}`);
  intIn(field('fits'), s.fits, 1);
  intIn(field('degree'), s.degree, 0, MAX_POLY_DEGREE);
  intIn(field('maxDegree'), s.maxDegree, 0, MAX_POLY_DEGREE);
  intIn(field('seed'), s.seed, 0);
  const d = s.disagreement;
  if (d === null) return;
  intIn('disagreement samples', d.samples, 4);
  if (!(Number.isFinite(d.noise) && d.noise >= 0)) throw configError(`bias-variance: disagreement noise must be a finite number >= 0, got ${d.noise}`);
  intIn(field('members'), d.members, 1);
  intIn(field('width'), d.width, 1);
  intIn('disagreement epochs', d.epochs, 1);
  if (!(Number.isFinite(d.lr) && d.lr > 0)) throw configError(`bias-variance: disagreement lr must be a finite number > 0, got ${d.lr}`);
  intIn('disagreement batch size', d.batchSize, 1);
  intIn('disagreement resolution', d.res, 2, 400);
}

/** The decomposition at one polynomial degree, averaged over the evaluation grid. */
export interface BiasVarianceTerms {
  /** Averages over the grid of (E f̂ − f)², Var f̂, σ² and their sum (the expected squared error). */
  bias2: number;
  variance: number;
  noise: number;
  total: number;
}

/** The 2-D part's numbers: the plane, the points, and per grid cell the members' mean probabilities and their variance. */
export interface PlaneDisagreement {
  res: number;
  bounds: [number, number, number, number];
  /** Standardised moons: x interleaved [x₀, y₀, …], y the class labels. */
  points: { x: number[]; y: number[] };
  /** Per cell (row-major, row 0 at the top): Σ_c Var_b p_bc, the total variance of the member probabilities. */
  variance: number[];
  /** Per cell: the averaged member probabilities [res², 2]. */
  mean: number[];
  /** Over the grid: the mean and the largest variance; the averaged ensemble's accuracy on its training points. */
  meanVariance: number;
  maxVariance: number;
  trainAccuracy: number;
  /** Each bagged member: its epochs (fit's records) and its final weights (`model/<name>` f32 tensors). */
  members: { history: EpochRecord[]; tensors: NamedTensor[] }[];
}

/**
 * What `runBiasVariance` returns (the playground's bias–variance view, `descent experiment
 * bias-variance --samples …`).
 */
export interface BiasVarianceRun {
  settings: BiasVarianceSettings;
  /** The evaluation grid: 80 cell centres over [−π, π], and sin there. */
  x: number[];
  truth: number[];
  /** The noisy sample (f32 values). */
  data: { x: number[]; y: number[] };
  /** The K fits of degree `degree` on the grid, their mean, and the decomposition at that degree. */
  fits: number[][];
  /** Each fit's coefficients c_k of t^k, t = x/π (polyfit's basis), k = 0 … degree. */
  coefficients: number[][];
  mean: number[];
  terms: BiasVarianceTerms;
  /** The U-curve: the decomposition at every degree 0 … maxDegree (same resamples). */
  curve: (BiasVarianceTerms & { degree: number })[];
  disagreement: PlaneDisagreement | null;
}

const RANGE: [number, number] = [-Math.PI, Math.PI];
const GRID = 80;

function decompose(x: Float32Array, y: Float32Array, samples: { sample: Int32Array }[], degree: number, grid: number[], truth: number[], noiseVar: number) {
  const coefficients = samples.map(({ sample }) => polyfit(Array.from(sample, (i) => x[i]!), Array.from(sample, (i) => y[i]!), degree, RANGE));
  const predictions = coefficients.map((c) => grid.map((g) => polyval(c, g, RANGE)));
  return { coefficients, predictions, bv: biasVariance({ predictions, fTrue: truth, noiseVariance: noiseVar }) };
}

/**
 * Bias–variance by the bootstrap. With D = {(xᵢ, yᵢ)} drawn from Rng(seed).fork('dataset') and K
 * resamples D_k from Rng(seed).fork('bootstrap'), f̂_k = the least-squares polynomial of degree d
 * on D_k; on the grid: bias² = mean_j (mean_k f̂_k(x_j) − sin x_j)², variance = mean_j Var_k f̂_k(x_j),
 * noise = σ², total = their sum, for d = `degree` and for every d ≤ `maxDegree` (the U-curve).
 * The 2-D part bags MLPs (Rng(seed).fork('bagging')) on moons and reports their disagreement.
 *
 * @example runBiasVariance(biasVarianceSettings({ samples: 40, noise: 0.3, fits: 20, degree: 3, maxDegree: 12, seed: 7 })).terms
 */
export function runBiasVariance(s: BiasVarianceSettings): BiasVarianceRun {
  validateBiasVarianceSettings(s);
  const root = new Rng(s.seed);
  const d = withContext('bias-variance', () => noisySine({ n: s.samples, noise: s.noise, rng: root.fork('dataset') }));
  const grid = Array.from({ length: GRID }, (_, i) => RANGE[0] + ((i + 0.5) / GRID) * (RANGE[1] - RANGE[0]));
  const truth = grid.map((g) => d.trueFunction(g));
  const samples = bootstrapSamples(d.n, s.fits, root.fork('bootstrap'));
  const terms = (r: ReturnType<typeof decompose>['bv']): BiasVarianceTerms => ({ bias2: r.avgBias2, variance: r.avgVariance, noise: r.noise, total: r.avgExpectedError });
  const { coefficients, predictions, bv } = decompose(d.x, d.y, samples, s.degree, grid, truth, d.noiseVariance);
  const curve = [];
  for (let deg = 0; deg <= s.maxDegree; deg++) curve.push({ degree: deg, ...terms(decompose(d.x, d.y, samples, deg, grid, truth, d.noiseVariance).bv) });
  return {
    settings: s,
    x: grid,
    truth,
    data: { x: Array.from(d.x), y: Array.from(d.y) },
    fits: predictions,
    coefficients: coefficients.map((c) => Array.from(c)),
    mean: Array.from(bv.meanPrediction),
    terms: terms(bv),
    curve,
    disagreement: s.disagreement && disagreementFrom(s.disagreement, s.seed, Array.from({ length: s.disagreement.members }, (_, b) => disagreementMember(s.disagreement!, s.seed, b))),
  };
}

/** The moons of the 2-D part: every row a training row, standardised (Rng(seed).fork('dataset')). */
function planeData(c: DisagreementSettings, seed: number) {
  return prepare(namedDataset({ dataset: 'moons', samples: c.samples, noise: c.noise, seed }), 0, 0, seed);
}

/** What one bagged member of the 2-D part gives: its probabilities on the plane grid and on the training points, its epochs and final weights. */
export interface DisagreementMember {
  /** Probabilities [res², 2] on planeGrid(res, planeBounds(points)). */
  grid: Float64Array;
  /** Probabilities [n, 2] on the training points. */
  train: Float64Array;
  history: EpochRecord[];
  /** The final weights, `model/<name>` f32 tensors. */
  tensors: NamedTensor[];
}

/**
 * Member b of the 2-D part's bagging (bagging's member b with rng Rng(seed).fork('bagging'): an
 * MLP 2-width-width-2 trained with Adam on a bootstrap resample), on its own: what a job computes.
 */
export function disagreementMember(c: DisagreementSettings, seed: number, b: number): DisagreementMember {
  const p = planeData(c, seed);
  // an observer of the member's fit (it never steers it): the epochs and the final weights
  let kept: Pick<DisagreementMember, 'history' | 'tensors'> = { history: [], tensors: [] };
  const keep: Callback = {
    onTrainEnd(ctx, r) {
      kept = { history: [...r.history], tensors: modelTensors(ctx.model) };
    },
  };
  const { predictor } = withContext('bias-variance: disagreement', () =>
    baggingMember(
      {
        data: { x: p.train.x, y: p.train.y, n: p.train.n, features: 2 },
        classes: 2,
        members: c.members,
        learner: networkLearner({
          build: (rng) => mlp({ inputs: 2, hidden: [c.width, c.width], outputs: 2, rng }),
          fit: { optimizer: adam({ lr: c.lr }), epochs: c.epochs, batchSize: c.batchSize, callbacks: [keep] },
        }),
      },
      new Rng(seed).fork('bagging'),
      b,
    ),
  );
  return { grid: predictor.predict(planeGrid(c.res, planeBounds(p.all.x))), train: predictor.predict(p.train.x), ...kept };
}

/** The 2-D part from its members (in member order): averaged probabilities and disagreement over the plane. */
export function disagreementFrom(c: DisagreementSettings, seed: number, members: readonly DisagreementMember[]): PlaneDisagreement {
  const p = planeData(c, seed);
  const bounds = planeBounds(p.all.x);
  const dis = ensembleDisagreement(members.map((m) => m.grid), 2);
  const variance = Array.from(dis.variance);
  const labels = p.train.y as Int32Array;
  const fitted = argmaxF64(averageOutputs(members.map((m) => m.train)), 2);
  let right = 0;
  for (let i = 0; i < p.train.n; i++) if (fitted[i] === labels[i]) right++;
  return {
    res: c.res,
    bounds,
    points: { x: Array.from(p.all.x), y: Array.from(p.all.y) },
    variance,
    mean: Array.from(dis.mean),
    meanVariance: variance.reduce((a, b) => a + b, 0) / variance.length,
    maxVariance: variance.reduce((a, b) => Math.max(a, b), 0),
    trainAccuracy: right / p.train.n,
    members: members.map((m) => ({ history: m.history, tensors: m.tensors })),
  };
}
