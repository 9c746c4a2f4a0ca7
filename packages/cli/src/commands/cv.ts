import { crossValidateOn, unknownName, type FoldResult } from '@descent/train';
import { runData } from '../fanout/job-data.js';
import { prepareFanout, runFanout, type FanoutFlags } from '../fanout/runner.js';
import { loadDataset } from '../data/load.js';
import type { TrainConfig } from '@descent/train';
import { camelKey, coerce, intFlag, optionDef } from '../config/options.js';
import { usageError } from '../errors.js';
import { checkFits } from '../config/limits.js';
import { createProgress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { finishResults } from './output.js';
import { trainConfigFrom, type CommonFlags } from './train.js';
import { TRAIN_OPTIONS } from '../config/options.js';

/** `'lr=0.1,0.01;batch-size=32,64'` → the grid of overrides (every combination, in order). */
export function parseSearch(spec: string, folds = 1): Record<string, unknown>[] {
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
  const candidates = axes.reduce((n, [, vs]) => n * vs.length, 1);
  checkFits('--search', candidates * (folds + 1), `${axes.map(([, vs]) => vs.length).join(' × ')} candidates × (${folds} folds + 1 refit)`);
  let grid: Record<string, unknown>[] = [{}];
  for (const [k, vs] of axes) grid = grid.flatMap((g) => vs.map((v) => ({ ...g, [k]: v })));
  return grid;
}

const label = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join(' ') || 'base';
/** `lr=0.1 batchSize=32`: a grid point as a label ('base' when it overrides nothing). */
export { label as settingLabel };

export interface CvOptions extends CommonFlags, FanoutFlags {
  config?: string;
  folds?: string;
  search?: string;
  stratify?: boolean;
}

/**
 * `descent cv`: @descent/train's crossValidate (seal a test split, k-fold every candidate of the
 * grid on the rest — stratified for classification unless --no-stratify, each fold standardised
 * on its own training rows — refit the best on all non-test rows, evaluate the sealed test once),
 * with progress lines, the report's figures, metrics.jsonl (every epoch of every fold model and
 * of the refit) and checkpoint/refit.
 */
export async function cvCommand(flags: Record<string, unknown>, o: CvOptions): Promise<number> {
  const base = trainConfigFrom(flags, o.config);
  const k = intFlag('folds', o.folds, 5, 2);
  const grid = o.search ? parseSearch(o.search, k) : [{}];
  const configs: TrainConfig[] = grid.map((g) => trainConfigFrom({ ...flags, ...g }, o.config));
  await prepareFanout(o, configs.length * k);
  const d = loadDataset(base);
  const progress = createProgress({ quiet: !!o.quiet, stream: o.json ? process.stderr : process.stdout });
  const metrics: Record<string, unknown>[] = [];
  const scoreName = d.task === 'classification' ? 'accuracy' : 'mse';
  // a config problem (bad split or fold count) is a 'bad-config' error (exit 2); a diverged fold fails the run (exit 1)
  const data = await runData(base);
  const cv = await crossValidateOn(base, configs, d, data.forSeed(base, base.seed), { folds: k, stratify: o.stratify !== false }, async (specs) => {
    const done = await runFanout<FoldResult>(specs, o, {
      ...(data.blobs ? { blobs: data.blobs } : {}),
      onEach: (i, e) => {
        const candidate = Math.floor(i / k);
        const fold = i % k;
        const name = label(grid[candidate]!);
        for (const m of e.history) metrics.push({ phase: 'cv', candidate: candidate + 1, setting: name, fold: fold + 1, ...m });
        progress.line(`candidate ${candidate + 1}/${configs.length} (${name}) fold ${fold + 1}/${k}: ${scoreName} ${e.score.toFixed(4)}`);
      },
    });
    return done.map((r) => r.value);
  });
  const { metric, best: bestIdx, refit } = cv;
  const rows: Record<string, unknown>[] = cv.candidates.map((c, ci) => ({ candidate: label(grid[ci]!), ...grid[ci], mean: c.mean, std: c.std, folds: c.folds }));
  for (const m of refit.history) metrics.push({ phase: 'refit', candidate: bestIdx + 1, setting: label(grid[bestIdx]!), ...m });
  const test = cv.testScores;
  const testScore = cv.testScore;
  const testOut = test ? { loss: test.loss, [metric]: testScore } : null;
  const best = cv.candidates[bestIdx]!;
  const classification = cv.task === 'classification';
  progress.line(`best: ${rows[bestIdx]!['candidate']} (${metric} ${best.mean.toFixed(4)} ± ${best.std.toFixed(4)})`);
  const lastRefit = refit.history[refit.history.length - 1];
  const result: ExperimentResult = {
    experiment: 'cv',
    title: `descent cv — ${k}-fold${cv.stratified ? ' stratified' : ''} on ${d.name}`,
    results: rows,
    figures: [
      { type: 'bar', title: `Mean validation ${metric} ± std over ${k} folds`, yLabel: metric, bars: rows.map((r) => ({ label: String(r['candidate']), value: r['mean'] as number, err: r['std'] as number })) },
      {
        type: 'line',
        title: `Fold scores`,
        xLabel: 'fold',
        yLabel: metric,
        markers: true,
        series: rows.map((r) => ({ name: String(r['candidate']), x: cv.folds.map((_, i) => i + 1), y: r['folds'] as number[] })),
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
      `${cv.pool.length} rows searched with ${k}-fold CV; ${cv.test.length} test rows sealed and evaluated once, after the refit of the best candidate on all ${cv.pool.length} rows.`,
    ],
    extra: {
      metric,
      best: { candidate: rows[bestIdx]!['candidate'], ...grid[bestIdx], mean: best.mean, std: best.std },
      test: testOut,
      chosen: bestIdx,
      stratified: cv.stratified,
      refit: { epochs: refit.history.length, trainLoss: lastRefit?.trainLoss ?? null, ...(classification ? { trainAccuracy: lastRefit?.trainAccuracy ?? null } : { trainMse: lastRefit?.trainMse ?? null }) },
    },
    // the folds as data: fold of each searched row (pool order), the pool and test row indices
    data: { foldOf: Array.from(cv.foldOf), pool: Array.from(cv.pool), testRows: Array.from(cv.test) },
  };
  const checkpoint = refit.checkpoint();
  checkpoint.meta = { ...checkpoint.meta, config: { ...configs[bestIdx]!, earlyStopping: 0 }, candidate: rows[bestIdx]!['candidate'] };
  cv.free();
  const summary = `best ${rows[bestIdx]!['candidate']}: cv ${metric} ${best.mean.toFixed(4)} ± ${best.std.toFixed(4)}; sealed test ${metric} ${testScore !== null ? testScore.toFixed(4) : '-'}`;
  return finishResults('cv', `cv-${base.name}`, { ...base, folds: k, search: o.search ?? null }, [result], o, summary, { metrics, checkpoints: [{ name: 'refit', content: checkpoint }] });
}
