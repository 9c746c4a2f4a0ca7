import { DescentError, Rng } from '@descent/optim-wasm';
import type { FitData } from '../fit/model.js';
import { rowCount, type Learner, type Predictor } from './learner.js';
import { regressionStump } from './stump.js';

/**
 * What `gradientBoosting` fits: regression rows, M rounds, the shrinkage ν and the weak learner.
 * Errors: a DescentError ('bad-arg') when rounds < 1 or learningRate ≤ 0.
 */
export interface GradientBoostingOptions {
  /** Regression rows (one float target per row). */
  data: FitData & { y: Float32Array };
  rounds: number;
  /** Shrinkage ν (default 0.1). */
  learningRate?: number;
  /** The weak learner fitted to the residuals (default: a regression stump). */
  learner?: Learner;
  rng?: Rng | number;
}

/** What happened in boosting round m. */
export interface GradientBoostingRound {
  /** rᵢ = yᵢ − F_{m−1}(xᵢ): what member m was fitted to (the negative gradient of ½(y − F)²). */
  residuals: Float64Array;
  /** Training MSE (1/n) Σ (yᵢ − Fₘ(xᵢ))² after the round. */
  trainMse: number;
}

/** A fitted gradient-boosting ensemble: F₀, the members hₘ and the shrinkage ν. */
export interface GradientBoostingModel {
  /** F₀ = mean of y. */
  init: number;
  members: Predictor[];
  learningRate: number;
  rounds: GradientBoostingRound[];
  /** Fₘ(x) = F₀ + ν Σₘ hₘ(x). */
  predict(x: Float32Array): Float64Array;
}

/**
 * Gradient boosting for regression with squared loss (Friedman 2001): F₀ = ȳ; for m = 1…M:
 * rᵢ = yᵢ − F_{m−1}(xᵢ) (the negative gradient of ½(y − F)²), fit hₘ to r, Fₘ = F_{m−1} + ν hₘ.
 * With least-squares stumps and 0 < ν ≤ 1 the training MSE never increases.
 *
 * @example const gb = gradientBoosting({ data: sine, rounds: 100, learningRate: 0.1 }); gb.predict(x)
 */
export function gradientBoosting(options: GradientBoostingOptions): GradientBoostingModel {
  const op = 'gradientBoosting';
  const { data } = options;
  const nu = options.learningRate ?? 0.1;
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new DescentError('bad-arg', `${op}: rounds must be an integer >= 1, got ${options.rounds}`);
  if (!(nu > 0) || !Number.isFinite(nu)) throw new DescentError('bad-arg', `${op}: learningRate must be > 0, got ${nu}`);
  if (!(data.y instanceof Float32Array) || data.y.length !== data.n) throw new DescentError('bad-data', `${op}: data.y must hold n = ${data.n} float targets`);
  const learner = options.learner ?? regressionStump();
  const root = options.rng instanceof Rng ? options.rng : new Rng(options.rng ?? 0);
  const n = data.n;
  let init = 0;
  for (let i = 0; i < n; i++) init += data.y[i]!;
  init /= n;
  const f = new Float64Array(n).fill(init);
  const members: Predictor[] = [];
  const rounds: GradientBoostingRound[] = [];
  for (let m = 0; m < options.rounds; m++) {
    const residuals = Float64Array.from(data.y, (y, i) => y - f[i]!);
    const h = learner({ x: data.x, y: residuals, n, features: data.features }, root.fork(`round/${m}`));
    const step = h.predict(data.x);
    let sse = 0;
    for (let i = 0; i < n; i++) {
      f[i]! += nu * step[i]!;
      sse += (data.y[i]! - f[i]!) ** 2;
    }
    members.push(h);
    rounds.push({ residuals, trainMse: sse / n });
  }
  return {
    init,
    members,
    learningRate: nu,
    rounds,
    predict(x) {
      const out = new Float64Array(rowCount(`${op}.predict`, x, data.features)).fill(init);
      for (const h of members) {
        const s = h.predict(x);
        for (let i = 0; i < out.length; i++) out[i]! += nu * s[i]!;
      }
      return out;
    },
  };
}
