// `descent experiment optimizers --function F …`: the playground's optimizer race from the
// terminal. The engine (functions, gradients, racers, loop) is @descent/train's runRace, the
// very code the playground's worker runs, so trajectories and losses match it bit for bit.
import { closest, FUNCTIONS_2D, minimumOf, RACE_DEFAULTS, RACE_FUNCTIONS, RACERS, runRace, type CheckpointContent, type RaceFunctionName, type RacerName, type RaceSettings, type RaceTrack } from '@descent/train';
import { numberFlag } from '../config/options.js';
import { usageError } from '../errors.js';
import type { CollectedArtifacts } from './context.js';
import type { ExperimentResult, Figure } from '../report/results.js';
import type { Series } from '../report/svg.js';

/** The race's flags as commander hands them over (strings, all optional but --function). */
export interface RaceFlags {
  function?: string;
  start?: string;
  steps?: string;
  lr?: string;
  momentum?: string;
  beta1?: string;
  beta2?: string;
  eps?: string;
  rho?: string;
  alpha?: string;
  optimizers?: string;
}

/** The race-only flags (present without --function = a usage error). */
export const RACE_FLAGS = ['start', 'steps', 'lr', 'momentum', 'beta1', 'beta2', 'eps', 'rho', 'alpha', 'optimizers'] as const;

function nameOf<T extends string>(flag: string, raw: string, names: readonly T[]): T {
  if ((names as readonly string[]).includes(raw)) return raw as T;
  const hint = closest(raw, names);
  throw usageError(`--${flag}: unknown name "${raw}"${hint ? ` (did you mean ${hint}?)` : ''}; one of ${names.join(', ')}`);
}

/** Race settings from the flags; defaults are the playground's (start: the function's own). */
export function raceSettings(f: RaceFlags): RaceSettings {
  const fn = nameOf<RaceFunctionName>('function', f.function ?? '', RACE_FUNCTIONS);
  let [x0, y0] = FUNCTIONS_2D[fn].start;
  if (f.start !== undefined) {
    const parts = f.start.split(',');
    if (parts.length !== 2) throw usageError(`--start: expected X,Y (two numbers), got "${f.start}"`);
    x0 = numberFlag('start', parts[0], NaN);
    y0 = numberFlag('start', parts[1], NaN);
  }
  const steps = numberFlag('steps', f.steps, RACE_DEFAULTS.steps);
  if (!Number.isInteger(steps) || steps < 1) throw usageError(`--steps: expected a positive integer, got "${f.steps}"`);
  const lr = numberFlag('lr', f.lr, RACE_DEFAULTS.lr);
  if (lr < 0) throw usageError(`--lr: must be non-negative, got ${lr}`);
  const racers = f.optimizers === undefined ? [...RACERS] : f.optimizers.split(',').map((r) => nameOf<RacerName>('optimizers', r.trim(), RACERS));
  if (racers.length === 0) throw usageError('--optimizers: choose at least one optimizer');
  return {
    fn,
    racers,
    x0,
    y0,
    lr,
    momentum: numberFlag('momentum', f.momentum, RACE_DEFAULTS.momentum),
    beta1: numberFlag('beta1', f.beta1, RACE_DEFAULTS.beta1),
    beta2: numberFlag('beta2', f.beta2, RACE_DEFAULTS.beta2),
    eps: numberFlag('eps', f.eps, RACE_DEFAULTS.eps),
    rho: numberFlag('rho', f.rho, RACE_DEFAULTS.rho),
    alpha: numberFlag('alpha', f.alpha, RACE_DEFAULTS.alpha),
    steps,
  };
}

/** f − min f on a grid over the function's box (row-major, y outer), for the contour figure. */
export function contourGrid(fn: RaceFunctionName, n = 60): { xs: number[]; ys: number[]; values: number[] } {
  const def = FUNCTIONS_2D[fn];
  const [x0, x1, y0, y1] = def.bounds;
  const xs = Array.from({ length: n }, (_, i) => x0 + ((x1 - x0) * i) / (n - 1));
  const ys = Array.from({ length: n }, (_, j) => y0 + ((y1 - y0) * j) / (n - 1));
  const raw: number[] = [];
  for (const y of ys) for (const x of xs) raw.push(def.f(x, y));
  const lo = Math.min(...raw);
  return { xs, ys, values: raw.map((v) => v - lo) };
}

/** metrics.jsonl of a race: one row per iterate of every racer `{problem, optimizer, lr, step, x, y, loss}` (step 0 = the start). */
export function raceMetrics(problem: string, tracks: readonly RaceTrack[], lrOf: (t: RaceTrack) => number): Record<string, unknown>[] {
  return tracks.flatMap((t) => t.path.map(([x, y], step) => ({ problem, optimizer: t.optimizer, lr: lrOf(t), step, x, y, loss: t.loss[step]! })));
}

/** The models a race ends with: each racer's final f32 iterate as tensor `<racer>/xy` [2], with its steps and divergence in meta. */
export function raceCheckpoint(problem: string, tracks: readonly RaceTrack[], meta: Record<string, unknown>): CheckpointContent {
  return {
    meta: { problem, ...meta, racers: tracks.map((t) => ({ optimizer: t.optimizer, steps: t.loss.length - 1, diverged: t.diverged, finalLoss: t.loss[t.loss.length - 1]! })) },
    tensors: tracks.map((t) => ({ name: `${t.optimizer}/xy`, shape: [2], data: Float32Array.from(t.path[t.path.length - 1]!) })),
  };
}

/**
 * One race with the playground's settings. Rows summarise each racer; `data.tracks` (in --json
 * and results.json) holds every iterate and loss: loss[t] = fround(f(x_t, y_t)), path[0] = start.
 * Artifacts: every iterate in metrics.jsonl, the final iterates in checkpoint/race-<fn>.
 */
export function raceExperiment(s: RaceSettings): { result: ExperimentResult; artifacts: CollectedArtifacts } {
  const tracks = runRace(s);
  const rows = tracks.map((t) => ({
    optimizer: t.optimizer,
    steps: t.loss.length - 1,
    diverged: t.diverged,
    initialLoss: t.loss[0]!,
    finalLoss: t.loss[t.loss.length - 1]!,
    final: t.path[t.path.length - 1]!,
  }));
  // plots: at most ~300 points per racer
  const thin = (n: number) => {
    const every = Math.max(1, Math.ceil(n / 300));
    return Array.from({ length: n }, (_, i) => i).filter((i) => i % every === 0 || i === n - 1);
  };
  const shift = Math.min(0, minimumOf(FUNCTIONS_2D[s.fn]));
  const curves: Series[] = tracks.map((t) => {
    const idx = thin(t.loss.length);
    return { name: t.optimizer, x: idx, y: idx.map((i) => Math.max(t.loss[i]! - shift, 1e-12)) };
  });
  const figures: Figure[] = [
    { type: 'contour', title: `${s.fn}: trajectories from (${s.x0}, ${s.y0})`, grid: contourGrid(s.fn), paths: tracks.map((t) => ({ name: t.optimizer, points: thin(t.path.length).map((i) => t.path[i]!) })) },
    { type: 'line', title: `${s.fn}: f − f* per step`, xLabel: 'step', yLabel: 'f − f*', logY: true, series: curves },
  ];
  const lrOf = (t: RaceTrack) => (t.optimizer === 'adadelta' ? 1 : s.lr);
  const result: ExperimentResult = {
    experiment: 'optimizers',
    title: `Experiment: the optimizer race on ${s.fn} (the playground's race)`,
    results: rows,
    figures,
    notes: [
      `The playground's race: every optimizer from (${s.x0}, ${s.y0}) for ${s.steps} steps with lr ${s.lr}, momentum ${s.momentum}, β1 ${s.beta1}, β2 ${s.beta2}, ε ${s.eps}, ρ ${s.rho}, α ${s.alpha} (Adadelta lr 1, AdamW weight decay 0.01). f32 iterates from the fused WASM updates; a racer stops when f or |x|, |y| leaves the finite range (1e6).`,
    ],
    data: { settings: s, tracks },
  };
  const tag = { experiment: 'optimizers' };
  return {
    result,
    artifacts: {
      metrics: raceMetrics(s.fn, tracks, lrOf).map((r) => ({ ...tag, ...r })),
      checkpoints: [{ name: `race-${s.fn}`, content: raceCheckpoint(s.fn, tracks, { ...tag, settings: s }) }],
    },
  };
}
