// Bias–variance by the bootstrap: K polynomial fits of one noisy sine sample, each on its own
// bootstrap resample; bias², variance and noise from @descent/train's biasVariance; the
// U-curve over capacity (degree); and, on 2-D moons, where a bagged ensemble of small networks
// disagrees (@descent/train bagging + ensembleDisagreement).
import { adam, Rng } from '@descent/optim-wasm';
import { bagging, biasVariance, bootstrapSamples, ensembleDisagreement, mlp, networkLearner, noisySine } from '@descent/train';
import type { BiasVarianceConfig } from '../config.js';
import type { FitCurve, Heatmap, Points } from '../protocol.js';
import { prepare } from '@descent/train';
import { boundsOf, makeDataset, pointsOf } from './data.js';
import { gridPoints, heatmapOf } from './heatmap-grid.js';
import { polyfit, polyval } from './polyfit.js';

const RANGE: [number, number] = [-Math.PI, Math.PI];
const GRID = 80;

function decompose(x: Float32Array, y: Float32Array, samples: { sample: Int32Array }[], degree: number, grid: number[], truth: number[], noiseVar: number) {
  const predictions = samples.map(({ sample }) => {
    const c = polyfit(Array.from(sample, (i) => x[i]!), Array.from(sample, (i) => y[i]!), degree, RANGE);
    return grid.map((g) => polyval(c, g, RANGE));
  });
  return { predictions, bv: biasVariance({ predictions, fTrue: truth, noiseVariance: noiseVar }) };
}

export function runBiasVariance(c: BiasVarianceConfig): {
  truth: FitCurve;
  data: FitCurve;
  fits: FitCurve[];
  mean: FitCurve;
  terms: { bias2: number; variance: number; noise: number; total: number };
  curve: { degree: number; bias2: number; variance: number; noise: number; total: number }[];
  disagreement: Heatmap | null;
  boundary: Heatmap | null;
  points: Points | null;
} {
  const root = new Rng(c.seed);
  const d = noisySine({ n: c.samples, noise: c.noise, rng: root.fork('dataset') });
  const grid = Array.from({ length: GRID }, (_, i) => RANGE[0] + ((i + 0.5) / GRID) * (RANGE[1] - RANGE[0]));
  const truth = grid.map((g) => d.trueFunction(g));
  const samples = bootstrapSamples(d.n, c.fits, root.fork('bootstrap'));
  const { predictions, bv } = decompose(d.x, d.y, samples, c.degree, grid, truth, d.noiseVariance);
  const curve = [];
  for (let deg = 0; deg <= c.maxDegree; deg++) {
    const r = decompose(d.x, d.y, samples, deg, grid, truth, d.noiseVariance).bv;
    curve.push({ degree: deg, bias2: r.avgBias2, variance: r.avgVariance, noise: r.noise, total: r.avgExpectedError });
  }
  const two = disagreementMap(c);
  return {
    truth: { x: grid, y: truth },
    data: { x: Array.from(d.x), y: Array.from(d.y) },
    fits: predictions.map((p) => ({ x: grid, y: p })),
    mean: { x: grid, y: Array.from(bv.meanPrediction) },
    terms: { bias2: bv.avgBias2, variance: bv.avgVariance, noise: bv.noise, total: bv.avgExpectedError },
    curve,
    ...two,
  };
}

/** Bagged small MLPs on moons: the averaged decision boundary and the members' disagreement. */
function disagreementMap(c: BiasVarianceConfig): { disagreement: Heatmap; boundary: Heatmap; points: Points } {
  const p = prepare(makeDataset('moons', 200, 0.25, c.seed, null), 0, 0, c.seed);
  const width = Math.max(2, Math.min(64, 2 * c.degree + 2));
  const bag = bagging({
    data: { x: p.train.x, y: p.train.y, n: p.train.n, features: 2 },
    classes: 2,
    members: Math.min(c.fits, 12),
    learner: networkLearner({
      build: (rng) => mlp({ inputs: 2, hidden: [width, width], outputs: 2, rng }),
      fit: { optimizer: adam({ lr: 0.02 }), epochs: 60, batchSize: 32 },
    }),
    rng: new Rng(c.seed).fork('bagging'),
  });
  const bounds = boundsOf(p.all.x);
  const res = 40;
  const g = gridPoints(res, bounds);
  const outs = bag.memberOutputs(g);
  const dis = ensembleDisagreement(outs, 2);
  const n = res * res;
  const v = new Float32Array(n);
  let vmax = 0;
  for (let i = 0; i < n; i++) vmax = Math.max(vmax, dis.variance[i]!);
  for (let i = 0; i < n; i++) v[i] = vmax > 0 ? dis.variance[i]! / vmax : 0;
  return {
    disagreement: { res, bounds, p: v, label: new Int32Array(n) },
    boundary: heatmapOf(dis.mean, 2, res, bounds),
    points: pointsOf(p),
  };
}
