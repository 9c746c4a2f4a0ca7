import { Rng } from '@descent/optim-wasm';
import { classificationStump, holdoutSplit, regressionStump, stratifiedKFold, prepare, prepareRows } from '@descent/train';
import { loadDataset } from '../data/load.js';
import { bagResult, boostResult, type EnsembleOutput } from '../commands/ensemble.js';
import { meanStd } from '../commands/output.js';
import type { Figure } from '../report/results.js';
import { configWith, epochRows, needClasses, onUserData, recordTrainer, trainToEnd, userData, type Experiment, type ExperimentContext } from './context.js';
import { trainAll, type TrainedRun, type Training } from './train-jobs.js';

/**
 * How good is a validation estimate? The same model on breast-cancer scored by a single 20 %
 * holdout (several split seeds: the spread of one number) and by stratified k-fold CV for
 * several k (mean ± std over folds), next to the sealed test accuracy of one refit.
 */
export const crossValidationExperiment: Experiment = {
  name: 'cross-validation',
  takesData: true,
  summary: 'holdout vs k-fold validation estimates (spread) against a sealed test split',
  async run(ctx: ExperimentContext) {
    const ks = ctx.quick ? [2, 5] : [2, 5, 10];
    const seeds = ctx.quick ? 3 : 8;
    const base = onUserData(ctx, { dataset: 'breast-cancer', model: 'mlp:16', epochs: ctx.quick ? 8 : 20, seed: ctx.seed, optimizer: 'adam', lr: 3e-3 });
    const config = configWith(base);
    const d = loadDataset(config);
    needClasses('cross-validation', d);
    const outer = holdoutSplit(d.n, { test: 0.2, stratify: d.y, rng: new Rng(ctx.seed).fork('split') });
    const pool = outer.train;
    const inPool = (rows: ArrayLike<number>) => Int32Array.from(rows, (i) => pool[i]!);
    const none = new Int32Array(0);
    // every holdout split and every fold of every k is a training job (the refit below stays here)
    const trainings: (Training & { tag: Record<string, unknown> })[] = [];
    for (let s = 0; s < seeds; s++) {
      const inner = holdoutSplit(pool.length, { val: 0.2, stratify: Int32Array.from(pool, (i) => d.y[i]!), rng: new Rng(ctx.seed).fork(`holdout/${s}`) });
      trainings.push({ name: `holdout ${s + 1}`, config, data: config, rows: { train: inPool(inner.train), val: inPool(inner.val), test: none }, tag: { method: 'holdout', split: s + 1, seed: ctx.seed } });
    }
    for (const k of ks) {
      const folds = stratifiedKFold(Int32Array.from(pool, (i) => d.y[i]!), k, { shuffle: true, rng: new Rng(ctx.seed).fork(`cv/${k}`) });
      folds.forEach((f, j) => trainings.push({ name: `${k}-fold ${j + 1}`, config, data: config, rows: { train: inPool(f.train), val: inPool(f.test), test: none }, tag: { method: `${k}-fold`, k, fold: j + 1, seed: ctx.seed } }));
    }
    const runs = await trainAll(ctx, trainings);
    runs.forEach((t, i) => ctx.metrics(epochRows(t, trainings[i]!.tag)));
    const score = (t: TrainedRun) => t.final.val!.accuracy!;
    const rows: Record<string, unknown>[] = [];
    const holdout = runs.slice(0, seeds).map(score);
    const h = meanStd(holdout);
    rows.push({ method: 'holdout 20%', k: 1, fits: seeds, mean: h.mean, std: h.std, estimates: holdout });
    ctx.progress.line(`cross-validation: holdout ${h.mean.toFixed(4)} ± ${h.std.toFixed(4)} over ${seeds} splits`);
    let at = seeds;
    for (const k of ks) {
      const scores = runs.slice(at, (at += k)).map(score);
      const m = meanStd(scores);
      rows.push({ method: `${k}-fold`, k, fits: k, mean: m.mean, std: m.std, estimates: scores });
      ctx.progress.line(`cross-validation: ${k}-fold ${m.mean.toFixed(4)} ± ${m.std.toFixed(4)}`);
    }
    const refit = prepareRows(d, pool, new Int32Array(0), outer.test);
    const refitConfig = configWith(base);
    const refitted = trainToEnd(refitConfig, refit);
    recordTrainer(ctx, 'refit', refitted, refitConfig, { method: 'refit', seed: ctx.seed, pool: pool.length, testRows: outer.test.length });
    const test = refitted.score(refit.test!).accuracy!;
    rows.push({ method: 'sealed test (refit on all training rows)', k: 0, fits: 1, mean: test, std: 0, estimates: [test] });
    const figures: Figure[] = [
      { type: 'bar', title: 'Validation accuracy estimates (mean ± std)', yLabel: 'accuracy', bars: rows.map((r) => ({ label: String(r['method']).split(' ')[0]!, value: r['mean'] as number, err: r['std'] as number })) },
    ];
    return {
      experiment: 'cross-validation',
      title: 'Experiment: holdout vs k-fold cross-validation',
      results: rows,
      figures,
      notes: [`breast-cancer, MLP 30-16-2, Adam lr 3e-3, ${base.epochs} epochs; ${pool.length} rows for validation, ${outer.test.length} sealed test rows. A single holdout split gives one number whose spread over split seeds is shown; k-fold averages k estimates.`],
    };
  },
};

/** Pass an ensemble run's artifacts (`descent ensemble`'s: member epochs, rounds, kept members) on, tagged with `method` when given. */
function keepEnsemble(ctx: ExperimentContext, method: string, out: EnsembleOutput): EnsembleOutput['result'] {
  ctx.metrics((out.artifacts.metrics ?? []).map((r) => (method ? { method, ...r } : r)));
  for (const c of out.artifacts.checkpoints ?? []) ctx.keep(method ? `${method}-${c.name}` : c.name, { meta: method ? { method, ...c.content.meta } : c.content.meta, tensors: c.content.tensors });
  return out.result;
}

/** Bagging networks on noisy moons: the ensemble vs its members, as the ensemble grows. */
export const baggingExperiment: Experiment = {
  name: 'bagging',
  takesData: true,
  summary: 'bagged MLPs on noisy moons: ensemble vs single members',
  async run(ctx: ExperimentContext) {
    const c = configWith(onUserData(ctx, { dataset: 'moons', samples: 400, noise: 0.35, model: 'mlp:32-32', epochs: ctx.quick ? 15 : 60, seed: ctx.seed, valSplit: 0, testSplit: 0.5 }));
    const d = loadDataset(c);
    const datasetName = userData(ctx) ? `${d.name} (n ${d.n})` : `${d.name} (n ${d.n}, noise ${c.noise})`;
    return keepEnsemble(ctx, '', await bagResult({ config: c, dataset: d, datasetName, learner: 'net', learnerName: c.model, progress: ctx.progress, fanout: ctx.fanout }, ctx.quick ? 5 : 15, 'average'));
  },
};

/** AdaBoost SAMME with decision stumps on breast-cancer, and gradient boosting of stumps on a noisy sine. */
export const boostingExperiment: Experiment = {
  name: 'boosting',
  summary: 'AdaBoost SAMME with stumps (breast-cancer) and gradient boosting with stumps (noisy sine)',
  run(ctx: ExperimentContext) {
    const c1 = configWith({ dataset: 'breast-cancer', seed: ctx.seed });
    const d1 = loadDataset(c1);
    const ada = keepEnsemble(ctx, 'adaboost', boostResult({ data: prepare(d1, 0, 0.3, ctx.seed), datasetName: d1.name, learner: classificationStump(), learnerName: 'stump', seed: ctx.seed, progress: ctx.progress }, ctx.quick ? 15 : 60, 1));
    const c2 = configWith({ dataset: 'sine', samples: 300, noise: 0.2, seed: ctx.seed });
    const d2 = loadDataset(c2);
    const gb = keepEnsemble(ctx, 'gradient-boosting', boostResult({ data: prepare(d2, 0, 0.3, ctx.seed), datasetName: d2.name, learner: regressionStump(), learnerName: 'stump', seed: ctx.seed, progress: ctx.progress }, ctx.quick ? 40 : 150, 0.1));
    return {
      experiment: 'boosting',
      title: 'Experiment: boosting',
      results: [...ada.results.map((r) => ({ method: 'adaboost (breast-cancer)', ...r })), ...gb.results.map((r) => ({ method: 'gradient boosting (sine)', ...r }))],
      figures: [...ada.figures, ...gb.figures],
      notes: [...ada.notes, ...gb.notes],
    };
  },
};
