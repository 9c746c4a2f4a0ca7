// View 2: train a classifier live; heatmap, loss curves with the early-stop epoch, counters.
import type { ClassifierConfig } from '../config.js';
import type { ClassifierEpoch, FromWorker, Heatmap, Points } from '../protocol.js';
import { drawChart } from '../ui/chart.js';
import { canvas, el, fmt } from '../ui/dom.js';
import { Downsampler } from '../ui/downsample.js';
import { drawHeatmap } from '../ui/heatmap.js';
import { controlsPanel, csvDrop, stat, words, type View, type ViewContext } from './view.js';

const KEYS = ['dataset', 'samples', 'noise', 'hidden', 'activation', 'optimizer', 'lr', 'momentum', 'batchSize', 'epochs', 'dropout', 'batchNorm', 'l1', 'l2', 'inputNoise', 'weightNoise', 'labelSmoothing', 'mixup', 'earlyStopping', 'valSplit', 'testSplit', 'seed'];

export function classifierView(ctx: ViewContext): View {
  const c = ctx.state.config as ClassifierConfig;
  const w = words(ctx);
  const map = canvas(380, 380, 'decision boundary heatmap');
  const loss = canvas(420, 220, 'loss curves');
  const stepChart = canvas(420, 150, 'batch loss per step');
  const stats = {
    epoch: stat('epoch', w.epoch!),
    step: stat('step', w.step!),
    train: stat('train-loss', `${w.train} ${w.loss}`),
    val: stat('val-loss', `${w.val} ${w.loss}`),
    acc: stat('train-acc', `${w.train} ${w.acc}`),
    vacc: stat('val-acc', `${w.val} ${w.acc}`),
    test: stat('test', `${w.test} (${w.sealed})`),
    best: stat('best-epoch', w.earlyStop!),
  };
  const play = el('button', { type: 'button', id: 'play', 'aria-pressed': 'true' }, w.pause!);
  const reset = el('button', { type: 'button', id: 'reset' }, w.reset!);
  let running = false;
  /** The run ended (last epoch, early stop, divergence): Play starts it again. */
  let ended = false;
  let heat: Heatmap | null = null;
  let points: Points | null = null;
  let epochs: ClassifierEpoch[] = [];
  let steps: number[] = [];
  let curve = new Downsampler();
  let bestEpoch: number | null = null;
  let dirty = true;
  // the run's numbers, for the bit-identity test (read through window.__playground.run)
  const record = ctx.record({ steps, epochs });

  const setRunning = (r: boolean) => {
    running = r;
    play.textContent = r ? w.pause! : w.play!;
    play.setAttribute('aria-pressed', String(r));
  };
  play.addEventListener('click', () => {
    if (ended) return view.start();
    if (running) ctx.pause();
    else ctx.resume();
    setRunning(!running);
  });
  reset.addEventListener('click', () => view.start());

  const root = el(
    'div',
    { class: 'view classifier' },
    el('div', { class: 'col' }, controlsPanel(ctx, 'classifier', KEYS), csvDrop(ctx)),
    el('div', { class: 'col' }, el('div', { class: 'buttons' }, play, reset), map.canvas, el('p', { class: 'legend' }, w.splitsLegend)),
    el('div', { class: 'col' }, loss.canvas, stepChart.canvas, el('div', { class: 'stats' }, ...Object.values(stats).map((s) => s.root))),
  );

  const view: View = {
    root,
    start() {
      heat = null;
      points = null;
      epochs = [];
      steps = [];
      curve = new Downsampler();
      record.steps = steps;
      record.epochs = [];
      bestEpoch = null;
      dirty = true;
      for (const s of Object.values(stats)) s.set('–');
      ended = false;
      setRunning(true);
      ctx.run({ kind: 'classifier', config: c, csv: c.dataset === 'csv' ? ctx.csv() : null });
    },
    onMessage(m: FromWorker) {
      if (m.type !== 'classifier-frame') return;
      if (m.points) points = m.points;
      heat = m.heatmap;
      if (m.epochs.length) epochs = m.epochs;
      for (const l of m.stepLosses) {
        steps.push(l);
        curve.push(l);
      }
      record.steps = steps;
      record.epochs = epochs;
      bestEpoch = m.bestEpoch;
      ctx.progress(m.step);
      stats.epoch.set(`${m.epoch} / ${c.epochs}`);
      stats.step.set(String(m.step));
      const last = epochs[epochs.length - 1];
      if (last) {
        stats.train.set(fmt(last.trainLoss, 4));
        stats.val.set(fmt(last.valLoss, 4));
        stats.acc.set(fmt(last.trainAcc * 100, 3) + '%');
        stats.vacc.set(last.valAcc === null ? '–' : fmt(last.valAcc * 100, 3) + '%');
      }
      if (bestEpoch !== null) stats.best.set(`${w.best} ${bestEpoch}${m.stoppedEarly ? ` (${w.earlyStop})` : ''}`);
      if (m.test) stats.test.set(`${w.loss} ${fmt(m.test.loss, 4)}, ${w.acc} ${fmt(m.test.acc * 100, 3)}%`);
      dirty = true;
    },
    finished() {
      ended = true;
      setRunning(false);
    },
    draw() {
      if (!dirty) return;
      dirty = false;
      drawHeatmap(map.ctx, 380, heat, points);
      const x = epochs.map((e) => e.epoch);
      const series = [{ name: `${w.train} ${w.loss}`, x, y: epochs.map((e) => e.trainLoss) }];
      if (epochs.some((e) => e.valLoss !== null)) series.push({ name: `${w.val} ${w.loss}`, x, y: epochs.map((e) => e.valLoss ?? NaN) });
      drawChart(loss.ctx, 420, 220, series, { title: `${w.loss} / ${w.epoch}`, xLabel: w.epoch, markers: bestEpoch !== null ? [{ x: bestEpoch, label: `${w.best} ${bestEpoch}` }] : [] });
      drawChart(stepChart.ctx, 420, 150, [{ name: w.batchLoss!, x: curve.x, y: curve.y, color: '#888' }], { title: `${w.loss} / ${w.step}`, logY: true });
    },
  };
  return view;
}
