import { DescentError, portableSin, Rng } from '@descent/optim-wasm';
import { noisySine } from '../data/regression.js';
import { takeLabels, takeRows } from '../data/loader.js';
import { defineJob, runJobs, type JobContext, type JobDefinition, type JobRunner, type JobSpec } from '../jobs/jobs.js';
import { bootstrapSample } from '../stats/bootstrap.js';
import { biasVariance, type BiasVariance } from '../stats/bias-variance.js';
import { linspace } from '../landscape/vec.js';
import { fitAndPredict, type CapacityModel } from './capacity-models.js';

/** The synthetic task, as JSON: y = amplitude·sin(frequency·x) + N(0, noise²), x ~ U(xRange). */
export type SineTask = { n: number; noise: number; frequency: number; amplitude: number; xRange: [number, number] };

/** One bootstrap member of one sweep point: what a job spec carries. */
export type MemberConfig = { task: SineTask; model: CapacityModel; member: number; testPoints: number };

/** The job kind of one bootstrap member of `biasVarianceSweep` (`biasVarianceMemberJob`). */
export const BIAS_VARIANCE_MEMBER_JOB = 'experiments/bias-variance-member';

/** The test grid: `testPoints` evenly spaced x over the task's range, ends included. */
export function testGrid(task: SineTask, testPoints: number): Float64Array {
  return linspace('biasVarianceSweep', task.xRange[0], task.xRange[1], testPoints);
}

/**
 * One member: draw the training set from (seed, 'data') — the same for every member and capacity —
 * resample it with the bootstrap stream (seed, 'bootstrap/<member>'), fit, predict on the grid.
 */
function runMember(c: MemberConfig, ctx: JobContext): number[] {
  const data = noisySine({ ...c.task, rng: ctx.rng.fork('data') });
  const idx = bootstrapSample(data.n, ctx.rng.fork(`bootstrap/${c.member}`));
  const pred = fitAndPredict(c.model, takeRows(data.x, 1, idx), takeLabels(data.y, idx), testGrid(c.task, c.testPoints), c.task.xRange, ctx.rng.fork(`model/${c.member}`));
  return Array.from(pred);
}

/** The job kind of one bootstrap member (registered on first call, not at import). */
export function biasVarianceMemberJob(): JobDefinition<MemberConfig, number[]> {
  return defineJob(BIAS_VARIANCE_MEMBER_JOB, runMember);
}

/**
 * What `biasVarianceSweep` fits. Errors: a DescentError ('bad-arg') when members < 2, testPoints <
 * 1, `capacities` is empty or holds a degree below 0 / a width below 1, or `family` is unknown.
 */
export interface BiasVarianceSweepOptions {
  /** The noisy sine (defaults: n 30, noise 0.3, frequency 1, amplitude 1, xRange [−π, π]). */
  task?: Partial<SineTask>;
  /** 'polynomial' (capacity = degree, default) or 'mlp' (capacity = hidden width). */
  family?: 'polynomial' | 'mlp';
  capacities: readonly number[];
  /** Bootstrap members per capacity (default 50). */
  members?: number;
  /** Test grid size (default 100). */
  testPoints?: number;
  seed: number;
  /** Polynomial ridge λ (default 1e-8). */
  ridge?: number;
  /** MLP: full-batch Adam steps (default 2000) and lr (default 0.01). */
  epochs?: number;
  lr?: number;
  /** Where the member jobs run (default serial). */
  runner?: JobRunner;
}

/**
 * One capacity of `biasVarianceSweep`: the decomposition averaged over the test grid, and a test
 * MSE against fresh labels.
 */
export interface BiasVarianceRow {
  capacity: number;
  /** Averages over the test grid of (E_b f̂ − f)², Var_b f̂, σ² and their sum. */
  bias2: number;
  variance: number;
  noise: number;
  expectedError: number;
  /** (1/BM) Σ_b Σ_j (f̂_b(x_j) − y_j)² against fresh noisy labels y_j = f(x_j) + σε_j: an unbiased estimate of expectedError. */
  testMse: number;
  /** The per-point decomposition (biasVariance's output). */
  perPoint: BiasVariance;
}

/** The member job specs of a sweep, capacity-major: specs[c·B + b]. */
export function biasVarianceSpecs(o: BiasVarianceSweepOptions): JobSpec<MemberConfig>[] {
  const op = 'biasVarianceSweep';
  const task: SineTask = { n: 30, noise: 0.3, frequency: 1, amplitude: 1, xRange: [-Math.PI, Math.PI], ...o.task };
  const members = o.members ?? 50;
  const testPoints = o.testPoints ?? 100;
  if (!Number.isInteger(members) || members < 2) throw new DescentError('bad-arg', `${op}: members must be an integer >= 2, got ${members}`);
  if (!Number.isInteger(testPoints) || testPoints < 1) throw new DescentError('bad-arg', `${op}: testPoints must be an integer >= 1, got ${testPoints}`);
  if (!Array.isArray(o.capacities) || o.capacities.length === 0) throw new DescentError('bad-arg', `${op}: capacities must be a non-empty array`);
  const family = o.family ?? 'polynomial';
  if (family !== 'polynomial' && family !== 'mlp') throw new DescentError('bad-arg', `${op}: family must be 'polynomial' or 'mlp', got ${String(family)}`);
  const job = biasVarianceMemberJob();
  return o.capacities.flatMap((cap, ci) => {
    if (!Number.isInteger(cap) || cap < (family === 'polynomial' ? 0 : 1)) {
      throw new DescentError('bad-arg', `${op}: capacities[${ci}] must be an integer >= ${family === 'polynomial' ? 0 : 1}, got ${cap}`);
    }
    const model: CapacityModel =
      family === 'polynomial' ? { kind: 'polynomial', degree: cap, ridge: o.ridge ?? 1e-8 } : { kind: 'mlp', width: cap, epochs: o.epochs ?? 2000, lr: o.lr ?? 0.01 };
    return Array.from({ length: members }, (_, member) => job.spec({ task, model, member, testPoints }, o.seed, `${family}-${cap}/member-${member}`));
  });
}

/**
 * The bias–variance U-curve over model capacity: for each capacity, B models are fitted on
 * bootstrap resamples of one noisy-sine training set (every member is a job spec), evaluated on a
 * grid x_j, and decomposed (biasVariance): bias²_j = (mean_b f̂_b(x_j) − f(x_j))²,
 * variance_j = mean_b (f̂_b(x_j) − mean)², expectedError_j = bias²_j + variance_j + σ², averaged
 * over the grid. Low capacity: high bias; high capacity: high variance.
 */
export async function biasVarianceSweep(o: BiasVarianceSweepOptions): Promise<{ task: SineTask; grid: Float64Array; rows: BiasVarianceRow[] }> {
  const specs = biasVarianceSpecs(o);
  const task = specs[0]!.config.task;
  const members = o.members ?? 50;
  const results = await runJobs<number[]>(specs, o.runner);
  const grid = testGrid(task, specs[0]!.config.testPoints);
  const f = (x: number) => task.amplitude * portableSin(task.frequency * x);
  const fTrue = Array.from(grid, f);
  const noiseRng = new Rng(o.seed).fork('test-noise');
  const yTest = fTrue.map((fx) => fx + task.noise * noiseRng.normal());
  const rows = o.capacities.map((capacity, ci) => {
    const predictions = results.slice(ci * members, (ci + 1) * members).map((r) => r.value);
    const perPoint = biasVariance({ predictions, fTrue, noiseVariance: task.noise ** 2 });
    let se = 0;
    for (const p of predictions) for (let j = 0; j < p.length; j++) se += (p[j]! - yTest[j]!) ** 2;
    return {
      capacity,
      bias2: perPoint.avgBias2,
      variance: perPoint.avgVariance,
      noise: perPoint.noise,
      expectedError: perPoint.avgExpectedError,
      testMse: se / (members * grid.length),
      perPoint,
    };
  });
  return { task, grid, rows };
}
