import { Rng } from '@descent/optim-wasm';
import { holdoutSplit, kFold, SealedSplit, stratifiedKFold, prepareRows, createTrainer, unknownName } from '@descent/train';
import { loadDataset } from '../data/load.js';
import type { TrainConfig } from '@descent/train';
import { camelKey, coerce, optionDef } from '../config/options.js';
import { asInputError, usageError } from '../errors.js';
import { createProgress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { finishResults, meanStd } from './output.js';
import { trainConfigFrom, type CommonFlags } from './train.js';
import { TRAIN_OPTIONS } from '../config/options.js';

/** `'lr=0.1,0.01;batch-size=32,64'` → the grid of overrides (every combination, in order). */
export function parseSearch(spec: string): Record<string, unknown>[] {
  const axes: [string, unknown[]][] = [];
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) throw usageError(`--search: expected 'name=v1,v2;…', got '${part}'`);
    const key = camelKey(part.slice(0, eq).trim());
    const def = optionDef(key);
    if (!def || key === 'seed' || key === 'name') throw usageError(`--search: ${unknownName('option', part.slice(0, eq).trim(), TRAIN_OPTIONS.map((d) => d.flag.split(' ')[0]!.slice(2)))}`);
    // betas take commas themselves: separate their values with '|'
    const raw = def.kind === 'numbers' ? part.slice(eq + 1).split('|') : part.slice(eq + 1).split(',');
    const values = raw.map((v) => coerce(def, v.trim(), '--search '));
    axes.push([key, values]);
  }
  let grid: Record<string, unknown>[] = [{}];
  for (const [k, vs] of axes) grid = grid.flatMap((g) => vs.map((v) => ({ ...g, [k]: v })));
  return grid;
}

const label = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join(' ') || 'base';

export interface CvOptions extends CommonFlags {
  config?: string;
  folds?: string;
  search?: string;
  stratify?: boolean;
}

/**
 * `descent cv`: seal a test split, k-fold cross-validate every candidate of the grid on the
 * rest (stratified for classification unless --no-stratify; each fold standardised on its own
 * training rows), refit the best candidate on all non-test rows, evaluate the sealed test once.
 */
export async function cvCommand(flags: Record<string, unknown>, o: CvOptions): Promise<number> {
  const base = trainConfigFrom(flags, o.config);
  const k = Number(o.folds ?? 5);
  if (!Number.isInteger(k) || k < 2) throw usageError(`--folds: must be an integer >= 2, got ${o.folds}`);
  const grid = o.search ? parseSearch(o.search) : [{}];
  const configs: TrainConfig[] = grid.map((g) => trainConfigFrom({ ...flags, ...g }, o.config));
  const d = loadDataset(base);
  const classification = d.task === 'classification';
  const split = asInputError('split', () => holdoutSplit(d.n, { test: base.testSplit, stratify: classification ? d.y : undefined, rng: new Rng(base.seed).fork('split') }));
  const pool = split.train;
  const poolLabels = Int32Array.from(pool, (i) => (classification ? d.y[i]! : 0));
  const folds = asInputError('--folds', () =>
    classification && o.stratify !== false
      ? stratifiedKFold(poolLabels, k, { shuffle: true, rng: new Rng(base.seed).fork('cv') })
      : kFold(pool.length, k, { shuffle: true, rng: new Rng(base.seed).fork('cv') }),
  );
  const progress = createProgress({ quiet: !!o.quiet, stream: o.json ? process.stderr : process.stdout });
  const metric = classification ? 'accuracy' : 'mse';
  const rows: Record<string, unknown>[] = [];
  configs.forEach((c, ci) => {
    const scores = folds.map((f, fi) => {
      const prep = prepareRows(d, Int32Array.from(f.train, (i) => pool[i]!), Int32Array.from(f.test, (i) => pool[i]!), new Int32Array(0));
      const t = createTrainer(c, prep);
      t.runSync();
      const s = t.score(prep.val!);
      const v = classification ? s.accuracy! : s.mse!;
      progress.line(`candidate ${ci + 1}/${configs.length} (${label(grid[ci]!)}) fold ${fi + 1}/${k}: ${metric} ${v.toFixed(4)}`);
      return v;
    });
    const { mean, std } = meanStd(scores);
    rows.push({ candidate: label(grid[ci]!), ...grid[ci], mean, std, folds: scores });
  });
  const better = (a: number, b: number) => (classification ? a > b : a < b);
  let bestIdx = 0;
  rows.forEach((r, i) => {
    if (better(r['mean'] as number, rows[bestIdx]!['mean'] as number)) bestIdx = i;
  });
  const best = configs[bestIdx]!;
  const refitData = prepareRows(d, pool, new Int32Array(0), split.test);
  const refit = createTrainer({ ...best, earlyStopping: 0 }, refitData);
  refit.runSync();
  const sealed = new SealedSplit(split.test, 'cv test');
  const test = sealed.evaluateOnce(() => (refitData.test ? refit.score(refitData.test) : null));
  const testScore = test ? (classification ? test.accuracy! : test.mse!) : null;
  const testOut = test ? { loss: test.loss, [metric]: testScore } : null;
  progress.line(`best: ${rows[bestIdx]!['candidate']} (${metric} ${(rows[bestIdx]!['mean'] as number).toFixed(4)} ± ${(rows[bestIdx]!['std'] as number).toFixed(4)})`);
  const result: ExperimentResult = {
    experiment: 'cv',
    title: `descent cv — ${k}-fold${classification && o.stratify !== false ? ' stratified' : ''} on ${d.name}`,
    results: rows,
    figures: [
      { type: 'bar', title: `Mean validation ${metric} ± std over ${k} folds`, yLabel: metric, bars: rows.map((r) => ({ label: String(r['candidate']), value: r['mean'] as number, err: r['std'] as number })) },
      {
        type: 'line',
        title: `Fold scores`,
        xLabel: 'fold',
        yLabel: metric,
        markers: true,
        series: rows.map((r) => ({ name: String(r['candidate']), x: folds.map((_, i) => i + 1), y: r['folds'] as number[] })),
      },
      {
        type: 'line',
        title: 'Refit of the best candidate: training loss',
        xLabel: 'epoch',
        yLabel: 'loss',
        logY: true,
        series: [{ name: 'train', x: refit.history.map((h) => h.epoch), y: refit.history.map((h) => h.trainLoss) }],
      },
    ],
    notes: [
      `${pool.length} rows searched with ${k}-fold CV; ${split.test.length} test rows sealed and evaluated once, after the refit of the best candidate on all ${pool.length} rows.`,
    ],
    extra: { metric, best: { candidate: rows[bestIdx]!['candidate'], ...grid[bestIdx], mean: rows[bestIdx]!['mean'], std: rows[bestIdx]!['std'] }, test: testOut },
  };
  const summary = `best ${rows[bestIdx]!['candidate']}: cv ${metric} ${(rows[bestIdx]!['mean'] as number).toFixed(4)} ± ${(rows[bestIdx]!['std'] as number).toFixed(4)}; sealed test ${metric} ${testScore !== null ? testScore.toFixed(4) : '-'}`;
  return finishResults('cv', `cv-${base.name}`, { ...base, folds: k, search: o.search ?? null }, [result], o, summary);
}
