import type { Figure } from '../report/results.js';
import type { Series } from '../report/svg.js';
import { configWith, dataFor, needClasses, onUserData, epochRows, lastOf, recordTrainer, trainerCheckpoint, type Experiment, type ExperimentContext } from './context.js';
import { createTrainer, type Trainer } from '@descent/train';

/**
 * The median per-parameter effective learning rate (the median, because parameters that never
 * get a gradient — weights of constant pixels — sit at lr/ε and would swamp a mean) of an adaptive rule after the last step:
 * Adagrad lr/(1 + (t−1)·lrDecay)/(√G + ε); RMSprop lr/(√v + ε);
 * Adam lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)/(√v + ε·√(1 − β₂ᵗ)) (PyTorch's form of the bias corrections).
 */
export function effectiveLr(t: Trainer, lr: number): number {
  const s = t.optState;
  const o = s.groups[0]!.options as Record<string, unknown>;
  const eps = o['eps'] as number;
  const step = s.step;
  let slot: Float32Array;
  let scale = lr;
  let epsScaled = eps;
  if (s.optimizer === 'adagrad') {
    slot = s.slots['sum']!.read();
    scale = lr / (1 + (step - 1) * ((o['lrDecay'] as number) ?? 0));
  } else if (s.optimizer === 'rmsprop') {
    slot = s.slots['squareAvg']!.read();
  } else {
    const [b1, b2] = o['betas'] as [number, number];
    slot = s.slots['expAvgSq']!.read();
    const c2 = Math.sqrt(1 - b2 ** step);
    scale = (lr * c2) / (1 - b1 ** step);
    epsScaled = eps * c2;
  }
  const eff = Float64Array.from(slot, (v) => scale / (Math.sqrt(v) + epsScaled)).sort();
  const m = eff.length >> 1;
  return eff.length % 2 ? eff[m]! : (eff[m - 1]! + eff[m]!) / 2;
}

/** Adagrad's effective step shrinks as its accumulator only grows; RMSprop / Adam forget. */
export const adagradDecayExperiment: Experiment = {
  name: 'adagrad-decay',
  takesData: true,
  summary: "Adagrad's effective learning rate decays as the accumulator grows, unlike RMSprop and Adam",
  run(ctx: ExperimentContext) {
    const epochs = ctx.quick ? 4 : 20;
    const rules = [
      { optimizer: 'adagrad', lr: 0.01 },
      { optimizer: 'rmsprop', lr: 1e-3 },
      { optimizer: 'adam', lr: 1e-3 },
    ];
    const rows: Record<string, unknown>[] = [];
    const eff: Series[] = [];
    const loss: Series[] = [];
    for (const r of rules) {
      const c = configWith(onUserData(ctx, { dataset: 'digits', model: 'mlp:64', epochs, seed: ctx.seed, valSplit: 0, ...r }));
      const data = dataFor(c);
      needClasses('adagrad-decay', data);
      const t = createTrainer(c, data);
      const e: number[] = [];
      t.runSync({ onEpoch: (m) => {
        const v = effectiveLr(t, r.lr);
        e.push(v);
        rows.push({ optimizer: r.optimizer, lr: r.lr, epoch: m.epoch, step: m.step, effectiveLr: v, trainLoss: m.trainLoss });
      } });
      const tag = { optimizer: r.optimizer, lr: r.lr, seed: ctx.seed };
      ctx.metrics(epochRows(t, tag).map((row, i) => ({ ...row, effectiveLr: e[i] })));
      ctx.keep(r.optimizer, trainerCheckpoint(t, c, tag));
      eff.push({ name: r.optimizer, x: t.history.map((h) => h.epoch), y: e });
      loss.push({ name: r.optimizer, x: t.history.map((h) => h.epoch), y: t.history.map((h) => h.trainLoss) });
      ctx.progress.line(`adagrad-decay: ${r.optimizer}: effective lr ${e[0]!.toExponential(2)} → ${lastOf(e).toExponential(2)}`);
    }
    const figures: Figure[] = [
      { type: 'line', title: 'Median effective learning rate per parameter', xLabel: 'epoch', yLabel: 'effective lr', logY: true, markers: true, series: eff },
      { type: 'line', title: 'Training loss', xLabel: 'epoch', yLabel: 'loss', logY: true, markers: true, series: loss },
    ];
    return {
      experiment: 'adagrad-decay',
      title: "Experiment: Adagrad's decaying step vs RMSprop and Adam",
      results: rows,
      figures,
      notes: ['Adagrad divides by the square root of the SUM of squared gradients, which only grows, so its steps keep shrinking; RMSprop and Adam divide by an exponential moving average, which forgets, so their effective rates level off.'],
    };
  },
};

/** The effect of Adam's ε: tiny ε is Adam, large ε turns it into momentum SGD with lr/ε. */
export const adamEpsilonExperiment: Experiment = {
  name: 'adam-epsilon',
  takesData: true,
  summary: "the effect of Adam's ε (1e-8 … 1) on training",
  run(ctx: ExperimentContext) {
    const epochs = ctx.quick ? 3 : 10;
    const epss = ctx.quick ? [1e-8, 1e-3, 1] : [1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 1e-1, 1];
    const rows: Record<string, unknown>[] = [];
    const curves: Series[] = [];
    for (const eps of epss) {
      const c = configWith(onUserData(ctx, { dataset: 'digits', model: 'mlp:64', epochs, seed: ctx.seed, valSplit: 0, optimizer: 'adam', lr: 1e-3, eps }));
      const data = dataFor(c);
      needClasses('adam-epsilon', data);
      const t = createTrainer(c, data);
      t.runSync();
      const te = t.score(data.test!);
      recordTrainer(ctx, `eps-${eps}`, t, c, { eps, optimizer: 'adam', lr: 1e-3, seed: ctx.seed });
      rows.push({ eps, trainLoss: lastOf(t.history).trainLoss, trainAccuracy: lastOf(t.history).trainAccuracy, testAccuracy: te.accuracy, effectiveLr: effectiveLr(t, 1e-3) });
      curves.push({ name: `ε=${eps}`, x: t.history.map((h) => h.epoch), y: t.history.map((h) => h.trainLoss) });
      ctx.progress.line(`adam-epsilon: ε=${eps}: train loss ${lastOf(t.history).trainLoss.toFixed(4)}`);
    }
    return {
      experiment: 'adam-epsilon',
      title: "Experiment: Adam's ε",
      results: rows,
      figures: [
        { type: 'line', title: 'Final training loss vs ε', xLabel: 'ε', yLabel: 'train loss', logX: true, logY: true, markers: true, series: [{ name: 'adam', x: epss, y: rows.map((r) => r['trainLoss'] as number) }] },
        { type: 'line', title: 'Training loss per epoch', xLabel: 'epoch', yLabel: 'loss', logY: true, series: curves },
      ],
      notes: ['When ε is far above √v the update becomes lr·m̂/ε: plain momentum with a learning rate shrunk by ε, so training slows down.'],
    };
  },
};
