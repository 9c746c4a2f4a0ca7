import { createOptimizer, freeState, getCore, ParamArena, type OptimizerName } from '@descent/optim-wasm';
import type { Figure } from '../report/results.js';
import type { Series } from '../report/svg.js';
import { configWith, dataFor, lastOf, trainToEnd, type Experiment, type ExperimentContext } from './context.js';
import { gridOf, TEST_FUNCTIONS, type TestFunction } from './test-functions.js';

/** The contenders: a label, the rule and its options apart from lr. */
export const CONTENDERS: { label: string; rule: OptimizerName; family: keyof TestFunction['lr']; options: Record<string, unknown>; digitsLr: number }[] = [
  { label: 'sgd', rule: 'sgd', family: 'sgd', options: {}, digitsLr: 0.1 },
  { label: 'momentum', rule: 'sgd', family: 'sgd', options: { momentum: 0.9 }, digitsLr: 0.05 },
  { label: 'nesterov', rule: 'sgd', family: 'sgd', options: { momentum: 0.9, nesterov: true }, digitsLr: 0.05 },
  { label: 'adagrad', rule: 'adagrad', family: 'adagrad', options: {}, digitsLr: 0.05 },
  { label: 'adadelta', rule: 'adadelta', family: 'adadelta', options: {}, digitsLr: 1 },
  { label: 'rmsprop', rule: 'rmsprop', family: 'adaptive', options: {}, digitsLr: 1e-3 },
  { label: 'adam', rule: 'adam', family: 'adaptive', options: {}, digitsLr: 1e-3 },
  { label: 'adamw', rule: 'adamw', family: 'adaptive', options: {}, digitsLr: 1e-3 },
  { label: 'nadam', rule: 'nadam', family: 'adaptive', options: {}, digitsLr: 2e-3 },
  { label: 'radam', rule: 'radam', family: 'adaptive', options: {}, digitsLr: 1e-3 },
  { label: 'adamax', rule: 'adamax', family: 'adaptive', options: {}, digitsLr: 2e-3 },
];

/**
 * Minimise a 2-D function with one optimizer from `fn.start`: the fused WASM step on a
 * two-element parameter arena, the gradient written by hand (optim-wasm used on its own).
 * Returns the trajectory (f32 iterates, as the optimizer sees them) and f at each iterate.
 */
export function race(fn: TestFunction, rule: OptimizerName, options: Record<string, unknown>, steps: number): { path: [number, number][]; loss: number[] } {
  const arena = ParamArena.pack(getCore(), [2], ['xy']);
  arena.values.write(Float32Array.from(fn.start));
  const opt = createOptimizer(rule, options);
  const state = opt.init(arena);
  const path: [number, number][] = [];
  const loss: number[] = [];
  try {
    for (let t = 0; t <= steps; t++) {
      const [x, y] = arena.values.read() as unknown as [number, number];
      path.push([x, y]);
      const f = fn.f(x, y) - fn.minimum;
      loss.push(f);
      if (t === steps || !Number.isFinite(f)) break;
      arena.grads.write(Float32Array.from(fn.grad(x, y)));
      opt.step(arena, state);
    }
  } finally {
    freeState(state);
    arena.values.free();
    arena.grads.free();
  }
  return { path, loss };
}

/**
 * The optimizer race: every rule from the same start on Rosenbrock, Beale, Himmelblau and an
 * ill-conditioned quadratic (trajectories over the contour map, loss per step), then the same
 * MLP on digits from the same initialisation and the same batches with each rule.
 */
export const optimizersExperiment: Experiment = {
  name: 'optimizers',
  summary: 'the optimizer race on 2-D test functions and on digits (same init, same batches)',
  run(ctx: ExperimentContext) {
    const steps = ctx.quick ? 300 : 2000;
    const rows: Record<string, unknown>[] = [];
    const figures: Figure[] = [];
    for (const fn of TEST_FUNCTIONS) {
      const paths: { name: string; points: [number, number][] }[] = [];
      const curves: Series[] = [];
      for (const c of CONTENDERS) {
        const lr = fn.lr[c.family];
        const r = race(fn, c.rule, { ...c.options, lr }, steps);
        // plots: at most ~300 points per path, a diverged run is cut where it leaves 1e3·f(start)
        const cap = 1e3 * Math.max(r.loss[0]!, 1);
        const end = r.loss.findIndex((v) => !(v <= cap));
        const keep = end < 0 ? r.loss.length : end;
        const every = Math.max(1, Math.ceil(keep / 300));
        const idx = Array.from({ length: keep }, (_, i) => i).filter((i) => i % every === 0 || i === keep - 1);
        paths.push({ name: c.label, points: idx.map((i) => r.path[i]!) });
        curves.push({ name: c.label, x: idx, y: idx.map((i) => Math.max(r.loss[i]!, 1e-12)) });
        const hit = r.loss.findIndex((v) => v < 1e-3);
        const diverged = end >= 0 || !Number.isFinite(lastOf(r.loss));
        rows.push({ problem: fn.name, optimizer: c.label, lr, steps: r.loss.length - 1, finalLoss: diverged ? null : lastOf(r.loss), diverged, stepsTo1e3: hit < 0 ? null : hit, final: diverged ? null : lastOf(r.path).map((v) => Number(v.toPrecision(5))) });
      }
      ctx.progress.line(`optimizers: ${fn.name} done`);
      figures.push({ type: 'contour', title: `${fn.name}: trajectories from (${fn.start.join(', ')})`, grid: gridOf(fn), paths });
      figures.push({ type: 'line', title: `${fn.name}: f − f* per step`, xLabel: 'step', yLabel: 'f − f*', logY: true, series: curves });
    }
    // the same network, the same init and batches (one seed), each rule
    const epochs = ctx.quick ? 3 : 10;
    const curves: Series[] = [];
    for (const c of CONTENDERS) {
      const cfg = configWith({ dataset: 'digits', model: 'mlp:64', epochs, seed: ctx.seed, optimizer: c.rule, lr: c.digitsLr, ...c.options, valSplit: 0 });
      const data = dataFor(cfg);
      const t = trainToEnd(cfg, data);
      const test = t.score(data.test!);
      curves.push({ name: c.label, x: t.history.map((h) => h.epoch), y: t.history.map((h) => h.trainLoss) });
      rows.push({ problem: 'digits mlp:64', optimizer: c.label, lr: c.digitsLr, steps: t.optState.step, finalLoss: lastOf(t.history).trainLoss, testAccuracy: test.accuracy });
      ctx.progress.line(`optimizers: digits ${c.label}: train loss ${lastOf(t.history).trainLoss.toFixed(4)}, test accuracy ${(test.accuracy! * 100).toFixed(2)}%`);
    }
    figures.push({ type: 'line', title: `digits, MLP 64-64-10: training loss per epoch (same init and batches)`, xLabel: 'epoch', yLabel: 'train loss', logY: true, markers: true, series: curves });
    return {
      experiment: 'optimizers',
      title: 'Experiment: the optimizer race',
      results: rows,
      figures,
      notes: [
        `Each rule starts from the same point with a learning rate per family (plain SGD rules need small steps on these steep functions; adaptive rules take larger ones); ${steps} steps. f32 iterates from the fused WASM updates. A run that leaves 1000·f(start) is marked diverged and cut in the plots (e.g. RAdam's first, un-normalised steps are plain momentum steps with the adaptive lr).`,
        `On digits every rule trains the same MLP from the same initialisation over the same mini-batches (seed ${ctx.seed}) for ${epochs} epochs.`,
      ],
    };
  },
};
