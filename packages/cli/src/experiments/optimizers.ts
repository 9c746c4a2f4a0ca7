import { FUNCTIONS_2D, minimumOf, RACE_DEFAULTS, RACE_FUNCTIONS, RACERS, runRace, type RaceFunctionName, type RacerName, type RaceTrack } from '@descent/train';
import type { Figure } from '../report/results.js';
import type { Series } from '../report/svg.js';
import { configWith, dataFor, lastOf, needClasses, onUserData, recordTrainer, trainToEnd, type Experiment, type ExperimentContext } from './context.js';
import { contourGrid, raceCheckpoint, raceMetrics } from './race.js';

type Family = 'sgd' | 'adaptive' | 'adagrad' | 'adadelta';

/** Each racer's learning-rate family on the test functions, and its rule and lr on digits. */
export const CONTENDERS: { label: RacerName; family: Family; digits: Record<string, unknown> }[] = [
  { label: 'sgd', family: 'sgd', digits: { optimizer: 'sgd', lr: 0.1 } },
  { label: 'momentum', family: 'sgd', digits: { optimizer: 'sgd', lr: 0.05, momentum: 0.9 } },
  { label: 'nesterov', family: 'sgd', digits: { optimizer: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true } },
  { label: 'adagrad', family: 'adagrad', digits: { optimizer: 'adagrad', lr: 0.05 } },
  { label: 'adadelta', family: 'adadelta', digits: { optimizer: 'adadelta', lr: 1 } },
  { label: 'rmsprop', family: 'adaptive', digits: { optimizer: 'rmsprop', lr: 1e-3 } },
  { label: 'adam', family: 'adaptive', digits: { optimizer: 'adam', lr: 1e-3 } },
  { label: 'adamw', family: 'adaptive', digits: { optimizer: 'adamw', lr: 1e-3 } },
  { label: 'nadam', family: 'adaptive', digits: { optimizer: 'nadam', lr: 2e-3 } },
  { label: 'radam', family: 'adaptive', digits: { optimizer: 'radam', lr: 1e-3 } },
  { label: 'adamax', family: 'adaptive', digits: { optimizer: 'adamax', lr: 2e-3 } },
];

/**
 * Learning rates per function and family, chosen so each rule makes progress from the function's
 * start: plain SGD rules need small steps on the steep functions (on Rosenbrock's valley the
 * curvature is ~2000, so lr < 1e-3), adaptive rules take larger ones. Adadelta's lr is always 1
 * (the race engine's: the paper's rule).
 */
export const RACE_LRS: Record<RaceFunctionName, Record<Family, number>> = {
  rosenbrock: { sgd: 5e-4, adaptive: 0.02, adagrad: 0.5, adadelta: 1 },
  beale: { sgd: 1e-3, adaptive: 0.05, adagrad: 0.5, adadelta: 1 },
  himmelblau: { sgd: 5e-3, adaptive: 0.1, adagrad: 1, adadelta: 1 },
  quadratic: { sgd: 0.035, adaptive: 0.1, adagrad: 1, adadelta: 1 },
  saddle: { sgd: 0.1, adaptive: 0.05, adagrad: 0.5, adadelta: 1 },
};

/**
 * The race on one function with the lecture's per-family learning rates: @descent/train's
 * runRace (the playground's engine) once per learning rate, each group of racers from the
 * function's start with the race's other defaults (momentum 0.9, β 0.9/0.999, ε 1e-8, ρ 0.9, α 0.99).
 */
export function lectureRace(fn: RaceFunctionName, steps: number): { tracks: RaceTrack[]; lrOf: Map<RacerName, number> } {
  const [x0, y0] = FUNCTIONS_2D[fn].start;
  const lrOf = new Map(CONTENDERS.map((c) => [c.label, RACE_LRS[fn][c.family]] as const));
  const byLr = new Map<number, RacerName[]>();
  for (const r of RACERS) byLr.set(lrOf.get(r)!, [...(byLr.get(lrOf.get(r)!) ?? []), r]);
  const tracks = new Map<RacerName, RaceTrack>();
  for (const [lr, racers] of byLr) for (const t of runRace({ ...RACE_DEFAULTS, fn, racers, x0, y0, lr, steps })) tracks.set(t.optimizer, t);
  return { tracks: RACERS.map((r) => tracks.get(r)!), lrOf };
}

/**
 * The optimizer race: every rule from the same start on the race's five functions (Rosenbrock,
 * Beale, Himmelblau, an ill-conditioned quadratic, a saddle: the playground's), trajectories over
 * the contour map and f − f* per step; then the same MLP on digits from the same initialisation
 * and the same batches with each rule.
 */
export const optimizersExperiment: Experiment = {
  name: 'optimizers',
  takesData: true,
  summary: 'the optimizer race on 2-D test functions and on digits (same init, same batches)',
  run(ctx: ExperimentContext) {
    const steps = ctx.quick ? 300 : 2000;
    const rows: Record<string, unknown>[] = [];
    const figures: Figure[] = [];
    for (const name of RACE_FUNCTIONS) {
      const fn = FUNCTIONS_2D[name];
      const fStar = minimumOf(fn);
      const { tracks, lrOf } = lectureRace(name, steps);
      const paths: { name: string; points: [number, number][] }[] = [];
      const curves: Series[] = [];
      for (const t of tracks) {
        const gap = t.loss.map((v) => v - fStar);
        // plots: at most ~300 points per path; a run that leaves 1e3·(f(start) − f*) is cut there and called diverged
        const cap = 1e3 * Math.max(gap[0]!, 1);
        const end = gap.findIndex((v) => !(v <= cap));
        const keep = end < 0 ? gap.length : end;
        const every = Math.max(1, Math.ceil(keep / 300));
        const idx = Array.from({ length: keep }, (_, i) => i).filter((i) => i % every === 0 || i === keep - 1);
        paths.push({ name: t.optimizer, points: idx.map((i) => t.path[i]!) });
        curves.push({ name: t.optimizer, x: idx, y: idx.map((i) => Math.max(gap[i]!, 1e-12)) });
        const hit = gap.findIndex((v) => v < 1e-3);
        const diverged = end >= 0 || t.diverged !== null;
        rows.push({ problem: name, optimizer: t.optimizer, lr: lrOf.get(t.optimizer)!, steps: t.loss.length - 1, finalLoss: diverged ? null : lastOf(gap), diverged, stepsTo1e3: hit < 0 ? null : hit, final: diverged ? null : lastOf(t.path).map((v) => Number(v.toPrecision(5))) });
      }
      ctx.metrics(raceMetrics(name, tracks, (t) => lrOf.get(t.optimizer)!));
      ctx.keep(`race-${name}`, raceCheckpoint(name, tracks, { start: fn.start, lrs: Object.fromEntries(lrOf) }));
      ctx.progress.line(`optimizers: ${name} done`);
      figures.push({ type: 'contour', title: `${name}: trajectories from (${fn.start.join(', ')})`, grid: contourGrid(name), paths });
      figures.push({ type: 'line', title: `${name}: f − f* per step`, xLabel: 'step', yLabel: 'f − f*', logY: true, series: curves });
    }
    // the same network, the same init and batches (one seed), each rule
    const epochs = ctx.quick ? 3 : 10;
    const curves: Series[] = [];
    let problem = 'digits mlp:64';
    for (const c of CONTENDERS) {
      const cfg = configWith(onUserData(ctx, { dataset: 'digits', model: 'mlp:64', epochs, seed: ctx.seed, ...c.digits, valSplit: 0 }));
      const data = dataFor(cfg);
      needClasses('optimizers', data);
      problem = `${data.name} ${cfg.model}`;
      const t = trainToEnd(cfg, data);
      const test = t.score(data.test!);
      recordTrainer(ctx, `digits-${c.label}`, t, cfg, { problem, optimizer: c.label, seed: ctx.seed });
      curves.push({ name: c.label, x: t.history.map((h) => h.epoch), y: t.history.map((h) => h.trainLoss) });
      rows.push({ problem, optimizer: c.label, lr: c.digits['lr'], steps: t.optState.step, finalLoss: lastOf(t.history).trainLoss, testAccuracy: test.accuracy });
      ctx.progress.line(`optimizers: ${problem} ${c.label}: train loss ${lastOf(t.history).trainLoss.toFixed(4)}, test accuracy ${(test.accuracy! * 100).toFixed(2)}%`);
    }
    figures.push({ type: 'line', title: `${problem === 'digits mlp:64' ? 'digits, MLP 64-64-10' : problem}: training loss per epoch (same init and batches)`, xLabel: 'epoch', yLabel: 'train loss', logY: true, markers: true, series: curves });
    return {
      experiment: 'optimizers',
      title: 'Experiment: the optimizer race',
      results: rows,
      figures,
      notes: [
        `Each rule starts from the function's start (the playground's) with a learning rate per family (plain SGD rules need small steps on these steep functions; adaptive rules take larger ones; Adadelta lr 1); ${steps} steps of the playground's race engine (f32 iterates from the fused WASM updates). A run that leaves 1000·(f(start) − f*) or the finite range is marked diverged and cut in the plots (e.g. RAdam's first, un-normalised steps are plain momentum steps with the adaptive lr).`,
        `On digits every rule trains the same MLP from the same initialisation over the same mini-batches (seed ${ctx.seed}) for ${epochs} epochs.`,
      ],
    };
  },
};
