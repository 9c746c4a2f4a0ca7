import { Rng } from '@descent/optim-wasm';
import { adaBoost, bagging, classificationStump, gradientBoosting, regressionStump, softmaxRows, weightedResample, type Learner, type TrainRows, prepare, type Prepared, type Split, predict, createTrainer, unknownName } from '@descent/train';
import { loadDataset } from '../data/load.js';
import type { TrainConfig } from '@descent/train';
import { asInputError, usageError } from '../errors.js';
import { createProgress, type Progress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { finishResults } from './output.js';
import { trainConfigFrom, type CommonFlags } from './train.js';

/**
 * A train-package `Learner` that trains the run's network (the CLI trainer, every flag honoured)
 * on the rows it is given; AdaBoost's sample weights are honoured by resampling ∝ weights.
 * Classification members output softmax probabilities, regression members their value.
 */
export function networkMember(c: TrainConfig, base: Prepared): Learner {
  return (rows: TrainRows, rng: Rng) => {
    let x = rows.x;
    let y = rows.y;
    if (rows.weights) {
      const idx = weightedResample(rows.weights, rng.fork('resample'));
      x = new Float32Array(idx.length * rows.features);
      const yy = y instanceof Int32Array ? new Int32Array(idx.length) : new Float32Array(idx.length);
      idx.forEach((i, r) => {
        x.set(rows.x.subarray(i * rows.features, (i + 1) * rows.features), r * rows.features);
        yy[r] = y[i]!;
      });
      y = yy;
    }
    const train: Split = { x, y: y instanceof Float64Array ? Float32Array.from(y) : y, n: y.length };
    const prep: Prepared = { ...base, train, val: null, test: null };
    const t = createTrainer({ ...c, seed: rng.int(0, 2 ** 31), earlyStopping: 0 }, prep);
    t.runSync();
    return {
      predict: (xs: Float32Array) => {
        const { outputs, width } = predict(t.model, xs, base.features, { batchSize: 512 });
        return base.task === 'classification' ? softmaxRows(outputs, width) : Float64Array.from(outputs);
      },
    };
  };
}

const argmax = (p: Float64Array, k: number, i: number) => {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
  return best;
};

function accuracyOf(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

function mseOf(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i]! - y[i]!) ** 2;
  return s / y.length;
}

export interface EnsembleOptions extends CommonFlags {
  config?: string;
  members?: string;
  rounds?: string;
  combine?: string;
  learner?: string;
  shrinkage?: string;
}

function int(v: string | undefined, dflt: number, flag: string): number {
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 1) throw usageError(`${flag}: must be an integer >= 1, got ${v}`);
  return n;
}

export interface EnsembleRun {
  data: Prepared;
  datasetName: string;
  learner: Learner;
  learnerName: string;
  seed: number;
  progress: Progress;
}

/** Bagging on the run's data: per ensemble size m, the test score of the first m members combined. */
export function bagResult(r: EnsembleRun, members: number, combine: 'vote' | 'average'): { result: ExperimentResult; summary: string } {
  const { data } = r;
  const test = data.test!;
  const classification = data.task === 'classification';
  const rows = { x: data.train.x, y: data.train.y, n: data.train.n, features: data.features };
  const model = asInputError('bagging', () => bagging({ data: rows, classes: classification ? data.classes : undefined, members, learner: r.learner, rng: new Rng(r.seed).fork('ensemble') }));
  const outs = model.memberOutputs(test.x);
  const k = data.classes;
  const table: Record<string, unknown>[] = [];
  for (let m = 1; m <= members; m++) {
    const single = outs[m - 1]!;
    if (classification) {
      const votes = new Float64Array(test.n * k);
      const avg = new Float64Array(test.n * k);
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < test.n; i++) {
          votes[i * k + argmax(outs[j]!, k, i)]! += 1;
          for (let cc = 0; cc < k; cc++) avg[i * k + cc]! += outs[j]![i * k + cc]!;
        }
      }
      const vote = Int32Array.from({ length: test.n }, (_, i) => argmax(votes, k, i));
      const av = Int32Array.from({ length: test.n }, (_, i) => argmax(avg, k, i));
      const one = Int32Array.from({ length: test.n }, (_, i) => argmax(single, k, i));
      table.push({ members: m, memberTestAccuracy: accuracyOf(one, test.y), voteTestAccuracy: accuracyOf(vote, test.y), averageTestAccuracy: accuracyOf(av, test.y) });
    } else {
      const mean = new Float64Array(test.n);
      for (let j = 0; j < m; j++) for (let i = 0; i < test.n; i++) mean[i]! += outs[j]![i]! / m;
      table.push({ members: m, memberTestMse: mseOf(single, test.y), averageTestMse: mseOf(mean, test.y) });
    }
    r.progress.line(`bagging: ${m}/${members} members: ${JSON.stringify(table[table.length - 1])}`);
  }
  const oob = model.oob();
  const last = table[table.length - 1]!;
  const key = classification ? (combine === 'vote' ? 'voteTestAccuracy' : 'averageTestAccuracy') : 'averageTestMse';
  const singleKey = classification ? 'memberTestAccuracy' : 'memberTestMse';
  const metric = classification ? 'test accuracy' : 'test mse';
  const meanMember = table.reduce((s, x) => s + (x[singleKey] as number), 0) / table.length;
  const ms = table.map((x) => x['members'] as number);
  const result: ExperimentResult = {
    experiment: 'bagging',
    title: `Bagging — ${members} ${r.learnerName} members on ${r.datasetName}`,
    results: table,
    figures: [
      {
        type: 'line',
        title: `Bagging: ${metric} vs ensemble size`,
        xLabel: 'members',
        yLabel: metric,
        markers: true,
        series: [
          { name: `ensemble (${classification ? combine : 'average'})`, x: ms, y: table.map((x) => x[key] as number) },
          { name: 'member m alone', x: ms, y: table.map((x) => x[singleKey] as number), dashed: true },
        ],
      },
    ],
    notes: [`Each member is trained on a bootstrap resample of the ${data.train.n} training rows. Out-of-bag ${classification ? 'accuracy' : 'MSE'} ${oob.score.toFixed(4)} over ${oob.rows} rows.`],
    extra: { combine, oob, ensemble: last[key], meanMember },
  };
  return { result, summary: `bagging ${members} members (${classification ? combine : 'average'}): ${metric} ${(last[key] as number).toFixed(4)} vs mean member ${meanMember.toFixed(4)}` };
}

/** AdaBoost SAMME (classification) or gradient boosting (regression), scored per round. */
export function boostResult(r: EnsembleRun, rounds: number, nu: number): { result: ExperimentResult; summary: string } {
  const { data } = r;
  const test = data.test!;
  const rows = { x: data.train.x, y: data.train.y, n: data.train.n, features: data.features };
  const rng = new Rng(r.seed).fork('ensemble');
  const table: Record<string, unknown>[] = [];
  if (data.task === 'classification') {
    const model = asInputError('adaBoost', () => adaBoost({ data: { ...rows, y: rows.y as Int32Array }, classes: data.classes, rounds, learner: r.learner, learningRate: nu, rng }));
    const k = data.classes;
    const scores = new Float64Array(test.n * k);
    model.rounds.forEach((br, m) => {
      const p = model.members[m]!.predict(test.x);
      for (let i = 0; i < test.n; i++) scores[i * k + argmax(p, k, i)]! += br.alpha;
      const pred = Int32Array.from({ length: test.n }, (_, i) => argmax(scores, k, i));
      table.push({ round: m + 1, weightedError: br.error, alpha: br.alpha, trainAccuracy: br.trainAccuracy, testAccuracy: accuracyOf(pred, test.y) });
      r.progress.line(`boosting: round ${m + 1}: error ${br.error.toFixed(4)} alpha ${br.alpha.toFixed(4)} train acc ${br.trainAccuracy.toFixed(4)}`);
    });
    const last = table[table.length - 1]!;
    const x = table.map((t) => t['round'] as number);
    return {
      result: {
        experiment: 'boosting',
        title: `AdaBoost SAMME — ${r.learnerName} learners on ${r.datasetName}`,
        results: table,
        figures: [
          { type: 'line', title: 'AdaBoost: accuracy per round', xLabel: 'round', yLabel: 'accuracy', markers: table.length < 40, series: [
            { name: 'train', x, y: table.map((t) => t['trainAccuracy'] as number) },
            { name: 'test', x, y: table.map((t) => t['testAccuracy'] as number), dashed: true },
          ] },
          { type: 'line', title: 'Weighted error and α per round', xLabel: 'round', yLabel: 'value', markers: table.length < 40, series: [
            { name: 'weighted error', x, y: table.map((t) => t['weightedError'] as number) },
            { name: 'alpha', x, y: table.map((t) => t['alpha'] as number) },
          ] },
        ],
        notes: [`Stop reason: ${model.stopReason}. Shrinkage ν = ${nu}. Sample weights are honoured by resampling for network learners.`],
        extra: { method: 'adaboost-samme', stopReason: model.stopReason, testAccuracy: last['testAccuracy'] },
      },
      summary: `AdaBoost ${table.length} rounds: test accuracy ${(last['testAccuracy'] as number).toFixed(4)}`,
    };
  }
  const model = asInputError('gradientBoosting', () => gradientBoosting({ data: { ...rows, y: rows.y as Float32Array }, rounds, learner: r.learner, learningRate: nu, rng }));
  const f = new Float64Array(test.n).fill(model.init);
  model.rounds.forEach((br, m) => {
    const h = model.members[m]!.predict(test.x);
    for (let i = 0; i < test.n; i++) f[i]! += nu * h[i]!;
    table.push({ round: m + 1, trainMse: br.trainMse, testMse: mseOf(f, test.y) });
    r.progress.line(`boosting: round ${m + 1}: train mse ${br.trainMse.toFixed(4)}`);
  });
  const last = table[table.length - 1]!;
  const x = table.map((t) => t['round'] as number);
  return {
    result: {
      experiment: 'boosting',
      title: `Gradient boosting — ${r.learnerName} learners on ${r.datasetName}`,
      results: table,
      figures: [
        { type: 'line', title: 'Gradient boosting: MSE per round', xLabel: 'round', yLabel: 'mse', logY: true, markers: table.length < 40, series: [
          { name: 'train', x, y: table.map((t) => t['trainMse'] as number) },
          { name: 'test', x, y: table.map((t) => t['testMse'] as number), dashed: true },
        ] },
      ],
      notes: [`F₀ = mean(y) = ${model.init.toFixed(4)}, shrinkage ν = ${nu}; each member is fitted to the residuals y − F.`],
      extra: { method: 'gradient-boosting', testMse: last['testMse'] },
    },
    summary: `gradient boosting ${table.length} rounds: test mse ${(last['testMse'] as number).toFixed(4)}`,
  };
}

/** `descent ensemble bag|boost`: bagging (vote / average), AdaBoost SAMME or gradient boosting. */
export async function ensembleCommand(method: string, flags: Record<string, unknown>, o: EnsembleOptions): Promise<number> {
  if (method !== 'bag' && method !== 'boost') throw usageError(`ensemble: ${unknownName('method', method, ['bag', 'boost'])}`);
  const c = trainConfigFrom(flags, o.config);
  const learnerName = o.learner ?? 'net';
  if (learnerName !== 'net' && learnerName !== 'stump') throw usageError(`--learner: ${unknownName('learner', learnerName, ['net', 'stump'])}`);
  const d = loadDataset(c);
  const data = prepare(d, 0, c.testSplit, c.seed);
  if (!data.test) throw usageError('ensemble needs a test split (--test-split > 0)');
  const classification = data.task === 'classification';
  const learner: Learner = learnerName === 'stump' ? (classification ? classificationStump() : regressionStump()) : networkMember(c, data);
  const progress = createProgress({ quiet: !!o.quiet, stream: o.json ? process.stderr : process.stdout });
  const run: EnsembleRun = { data, datasetName: d.name, learner, learnerName, seed: c.seed, progress };
  let out: { result: ExperimentResult; summary: string };
  if (method === 'bag') {
    const combine = o.combine ?? 'vote';
    if (combine !== 'vote' && combine !== 'average') throw usageError(`--combine: ${unknownName('combine rule', combine, ['vote', 'average'])}`);
    out = bagResult(run, int(o.members, 5, '--members'), combine);
  } else {
    const nu = o.shrinkage === undefined ? (classification ? 1 : 0.1) : Number(o.shrinkage);
    if (!(nu > 0)) throw usageError(`--shrinkage: must be > 0, got ${o.shrinkage}`);
    out = boostResult(run, int(o.rounds, 10, '--rounds'), nu);
  }
  return finishResults('ensemble', `${method}-${c.name}`, { ...c, method, learner: learnerName, members: o.members ?? null, rounds: o.rounds ?? null, combine: o.combine ?? null, shrinkage: o.shrinkage ?? null }, [out.result], o, out.summary);
}
