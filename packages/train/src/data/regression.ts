import { DescentError, portableSin } from '@descent/optim-wasm';
import { checkInt, checkNumber } from './check.js';
import type { Dataset } from './dataset.js';
import { resolveRng, type RngOrSeed } from './random.js';

/** A synthetic regression set that knows its noiseless target f and the noise variance σ². */
export interface RegressionDataset extends Dataset {
  y: Float32Array;
  /** The noiseless target f(x), in f64. */
  trueFunction: (x: number) => number;
  /** σ² of the additive Gaussian noise: the irreducible error of a bias–variance decomposition. */
  noiseVariance: number;
}

interface RegressionCommon {
  n: number;
  /** Std σ of the additive Gaussian noise on y (default 0). */
  noise?: number;
  /** Range the inputs are drawn from uniformly (default [-π, π] for sine, [-1, 1] for polynomials). */
  xRange?: [number, number];
  rng: RngOrSeed;
}

function sample(op: string, o: RegressionCommon, f: (x: number) => number, defaultRange: [number, number], name: string): RegressionDataset {
  const n = checkInt(op, 'n', o.n, 1);
  const noise = checkNumber(op, 'noise', o.noise ?? 0, 0);
  const [lo, hi] = o.xRange ?? defaultRange;
  checkNumber(op, 'xRange[0]', lo);
  if (checkNumber(op, 'xRange[1]', hi) < lo) throw new DescentError('bad-arg', `${op}: xRange [${lo}, ${hi}] is empty`);
  const rng = resolveRng(o.rng, op);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = lo + (hi - lo) * rng.uniform();
    y[i] = f(x[i]!) + (noise > 0 ? noise * rng.normal() : 0);
  }
  return { name, x, y, n, features: 1, task: 'regression', trueFunction: f, noiseVariance: noise * noise };
}

/**
 * y = amplitude·sin(frequency·x) + σ·ε, ε ~ N(0, 1), x ~ U(xRange) (default [-π, π]).
 * Defaults: amplitude 1, frequency 1. `trueFunction` is the noiseless sine.
 *
 * @example const sine = noisySine({ n: 30, noise: 0.3, frequency: 2, rng: 0 }); sine.trueFunction(0.5)
 */
export function noisySine(o: RegressionCommon & { amplitude?: number; frequency?: number }): RegressionDataset {
  const a = checkNumber('noisySine', 'amplitude', o.amplitude ?? 1);
  const w = checkNumber('noisySine', 'frequency', o.frequency ?? 1);
  return sample('noisySine', o, (x) => a * portableSin(w * x), [-Math.PI, Math.PI], 'noisy_sine');
}

/**
 * y = Σ_k c_k x^k + σ·ε with x ~ U(xRange) (default [-1, 1]). Give `coeffs` (ascending powers:
 * [c0, c1, …]) or a `degree`, in which case c_k ~ N(0, 1) are drawn from `rng` first.
 */
export function polynomialRegression(o: RegressionCommon & { coeffs?: number[]; degree?: number }): RegressionDataset & { coeffs: number[] } {
  const op = 'polynomialRegression';
  let coeffs: number[];
  if (o.coeffs) {
    if (o.coeffs.length === 0) throw new DescentError('bad-arg', `${op}: 'coeffs' is empty`);
    o.coeffs.forEach((c, k) => checkNumber(op, `coeffs[${k}]`, c));
    if (o.degree !== undefined && o.degree !== o.coeffs.length - 1) {
      throw new DescentError('bad-arg', `${op}: degree ${o.degree} but ${o.coeffs.length} coeffs (degree ${o.coeffs.length - 1})`);
    }
    coeffs = [...o.coeffs];
  } else {
    const degree = checkInt(op, 'degree', o.degree, 0);
    const rng = resolveRng(o.rng, op);
    coeffs = Array.from({ length: degree + 1 }, () => rng.normal());
    o = { ...o, rng: rng.fork('data') };
  }
  // Horner: c0 + x(c1 + x(c2 + …)).
  const f = (x: number) => coeffs.reduceRight((acc, c) => acc * x + c, 0);
  return { ...sample(op, o, f, [-1, 1], 'polynomial'), coeffs };
}
