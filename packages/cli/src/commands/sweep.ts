import { Rng } from '@descent/optim-wasm';
import { trainRunJob, type JobSpec, type Scores, type TrainConfig, type TrainRunConfig, type TrainRunResult } from '@descent/train';
import { loadDataset } from '../data/load.js';
import { usageError } from '../errors.js';
import { checkFits } from '../config/limits.js';
import { intFlag } from '../config/options.js';
import { runData } from '../fanout/job-data.js';
import { prepareFanout, runFanout, type FanoutFlags } from '../fanout/runner.js';
import { createProgress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { parseSearch, settingLabel } from './cv.js';
import { finishResults, meanStd } from './output.js';
import { trainConfigFrom, type CommonFlags } from './train.js';

export interface SweepOptions extends CommonFlags, FanoutFlags {
  config?: string;
  search?: string;
  random?: string;
  seeds?: string;
}

/** The grid points of --search, or --random N of them drawn without replacement (in grid order). */
export function sweepPoints(grid: Record<string, unknown>[], random: number | null, seed: number): Record<string, unknown>[] {
  if (random === null || random >= grid.length) return grid;
  const picked = Array.from(new Rng(seed).fork('sweep').sampleWithoutReplacement(grid.length, random)).sort((a, b) => a - b);
  return picked.map((i) => grid[i]!);
}

type Split = 'val' | 'test';
const fmt = (v: number | null, std: number | null) => (v === null ? '-' : `${v.toFixed(4)} ± ${(std ?? 0).toFixed(4)}`);

/** Mean ± std (ddof 0) over the completed seeds of one split's score, or nulls. */
function summarize(runs: TrainRunResult[], split: Split, key: 'loss' | 'accuracy' | 'mse'): [number | null, number | null] {
  const v = runs.map((r) => (r.final[split] as Scores | null)?.[key]).filter((x): x is number => x !== undefined);
  if (v.length === 0) return [null, null];
  const { mean, std } = meanStd(v);
  return [mean, std];
}

/** Bars of one column (mean ± std) for the settings that have it. */
function bars(rows: Record<string, unknown>[], column: string): { label: string; value: number; err: number }[] {
  return rows.filter((r) => r[column] !== null).map((r) => ({ label: String(r['setting']), value: r[column] as number, err: (r[`${column}_std`] as number | null) ?? 0 }));
}

/**
 * `descent sweep`: train every point of a grid (or --random N points of it) with --seeds K seeds
 * (seed, seed+1, …), one `train/run` job per (point, seed) on --workers threads or a --queue;
 * per point the final validation and test scores, mean ± std over the seeds, sorted best first
 * by validation score (the grid order on ties); metrics.jsonl holds every run's epochs.
 */
export async function sweepCommand(flags: Record<string, unknown>, o: SweepOptions): Promise<number> {
  const base = trainConfigFrom(flags, o.config);
  const seeds = intFlag('seeds', o.seeds, 1);
  const random = o.random === undefined ? null : intFlag('random', o.random, 1);
  if (random !== null && !o.search) throw usageError('--random N draws N points of the --search grid: give --search too');
  const grid = o.search ? parseSearch(o.search) : [{}];
  const points = sweepPoints(grid, random, base.seed);
  checkFits('--seeds', points.length * seeds, `${points.length} settings × ${seeds} seeds`);
  const configs: TrainConfig[] = points.map((p) => trainConfigFrom({ ...flags, ...p }, o.config));
  await prepareFanout(o, points.length * seeds);
  const d = loadDataset(base); // checks the data (and the CSV) before any job starts
  const data = await runData(base);
  const job = trainRunJob();
  const specs: JobSpec[] = [];
  configs.forEach((c, point) => {
    for (let s = 0; s < seeds; s++) {
      const seed = base.seed + s;
      specs.push(job.spec({ train: { ...c, seed } as TrainRunConfig['train'], data: data.forSeed(c, seed) as TrainRunConfig['data'] }, seed, settingLabel(points[point]!)));
    }
  });
  const classification = d.task === 'classification';
  const metric = classification ? 'accuracy' : 'mse';
  const progress = createProgress({ quiet: !!o.quiet, stream: o.json ? process.stderr : process.stdout });
  progress.line(`descent sweep: ${points.length} setting${points.length === 1 ? '' : 's'} × ${seeds} seed${seeds === 1 ? '' : 's'} = ${specs.length} run${specs.length === 1 ? '' : 's'} on ${d.name}`);
  const done = await runFanout<TrainRunResult>(specs, o, {
    ...(data.blobs ? { blobs: data.blobs } : {}),
    onEach: (i, r) => {
      const s = specs[i]!;
      const val = r.final.val?.[metric];
      progress.line(`run ${i + 1}/${specs.length} (${s.name}, seed ${s.seed}): ${r.status === 'diverged' ? 'diverged' : `val ${metric} ${val === undefined ? '-' : val.toFixed(4)}`}`);
    },
  });
  const metrics: Record<string, unknown>[] = [];
  done.forEach((r, i) => {
    for (const h of r.value.history) metrics.push({ setting: specs[i]!.name, point: Math.floor(i / seeds) + 1, seed: specs[i]!.seed, ...h });
  });
  const rows = points.map((p, point): Record<string, unknown> => {
    const runs = done.slice(point * seeds, (point + 1) * seeds).map((r) => r.value);
    const completed = runs.filter((r) => r.status === 'completed');
    const [valScore, valScoreStd] = summarize(completed, 'val', metric);
    const [valLoss, valLossStd] = summarize(completed, 'val', 'loss');
    const [testScore, testScoreStd] = summarize(completed, 'test', metric);
    const [testLoss, testLossStd] = summarize(completed, 'test', 'loss');
    return { setting: settingLabel(p), ...p, seeds, diverged: runs.length - completed.length, [`val_${metric}`]: valScore, [`val_${metric}_std`]: valScoreStd, val_loss: valLoss, val_loss_std: valLossStd, [`test_${metric}`]: testScore, [`test_${metric}_std`]: testScoreStd, test_loss: testLoss, test_loss_std: testLossStd };
  });
  // best first by mean validation score (then by loss when there is no validation split)
  const key = (r: Record<string, unknown>) => (r[`val_${metric}`] as number | null) ?? (r[`test_${metric}`] as number | null);
  const sign = classification ? -1 : 1;
  const order = rows.map((r, i) => ({ r, i })).sort((a, b) => {
    const ka = key(a.r);
    const kb = key(b.r);
    if (ka === null || kb === null) return ka === kb ? a.i - b.i : ka === null ? 1 : -1;
    return sign * (ka - kb) || a.i - b.i;
  });
  const sorted: Record<string, unknown>[] = order.map(({ r }, rank) => ({ rank: rank + 1, ...r }));
  const table = [
    ['rank', 'setting', `val ${metric}`, `test ${metric}`, 'diverged'],
    ...sorted.map((r) => [String(r['rank']), String(r['setting']), fmt(r[`val_${metric}`] as number | null, r[`val_${metric}_std`] as number | null), fmt(r[`test_${metric}`] as number | null, r[`test_${metric}_std`] as number | null), `${String(r['diverged'])}/${seeds}`]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const text = table.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
  const result: ExperimentResult = {
    experiment: 'sweep',
    title: `descent sweep — ${points.length} settings × ${seeds} seeds on ${d.name}`,
    results: sorted,
    figures: [
      { type: 'bar', title: `Validation ${metric}, mean ± std over ${seeds} seed${seeds === 1 ? '' : 's'}`, yLabel: metric, bars: bars(sorted, `val_${metric}`) },
      { type: 'bar', title: `Test ${metric}, mean ± std over ${seeds} seed${seeds === 1 ? '' : 's'}`, yLabel: metric, bars: bars(sorted, `test_${metric}`) },
    ],
    notes: [
      `${specs.length} training runs: each setting trained with seeds ${base.seed}…${base.seed + seeds - 1} (a seed sets the data split${base.data === null ? ', the generated data' : ''}, the initial weights and the data order). Sorted by mean validation ${metric}; the test split is only reported, never used to choose.`,
    ],
    extra: { metric, seeds, best: sorted[0] ?? null },
  };
  const cfg = { ...base, search: o.search ?? null, random, seeds };
  return finishResults('sweep', `sweep-${base.name}`, cfg, [result], o, text, { metrics });
}
