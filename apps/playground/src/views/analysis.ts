// Views 3–6: batch size and sharpness, bias–variance, bagging and boosting, cross-validation.
import type { BiasVarianceConfig, CvConfig, EnsembleConfig, SharpnessConfig } from '../config.js';
import type { FromWorker } from '../protocol.js';
import { drawChart } from '../ui/chart.js';
import { drawBars } from '../ui/bars.js';
import { canvas, canvasFont, el, fmt, PALETTE } from '../ui/dom.js';
import { drawHeatmap } from '../ui/heatmap.js';
import { fill } from '../i18n.js';
import { oneShotView } from './oneshot.js';
import { csvDrop, words, type View, type ViewContext } from './view.js';

const row = (...cells: (string | number)[]) => el('tr', {}, ...cells.map((c) => el('td', {}, String(c))));
const head = (...cells: string[]) => el('tr', {}, ...cells.map((c) => el('th', {}, c)));

export function sharpnessView(ctx: ViewContext): View {
  const c = ctx.state.config as SharpnessConfig;
  const w = words(ctx);
  return oneShotView(ctx, 'sharpness', {
    keys: ['dataset', 'samples', 'noise', 'hidden', 'lr', 'momentum', 'smallBatch', 'largeBatch', 'targetLoss', 'maxEpochs', 'epsilon', 'seed'],
    job: () => ({ kind: 'sharpness', config: c }),
    render(m: FromWorker, out) {
      if (m.type !== 'sharpness-result') return false;
      const t = el(
        'table',
        { class: 'numbers', 'data-result': 'sharpness' },
        head(w.batch!, w.epochs!, w.steps!, `${w.train} ${w.loss}`, `${w.test} ${w.loss}`, w.gap!, `${w.train} ${w.acc}`, `${w.test} ${w.acc}`, w.sharpness!, w.lambdaMax!),
      );
      for (const r of m.runs) {
        t.append(
          el(
            'tr',
            { 'data-batch': r.batch, 'data-steps': r.steps, 'data-sharpness': r.sharpness, 'data-lambda-max': r.lambdaMax, 'data-train-loss': r.trainLoss, 'data-reached': String(r.reachedTarget), 'data-gap': r.testLoss - r.trainLoss },
            ...[
              r.full ? `${r.batch} (${w.large})` : r.batch,
              r.reachedTarget ? r.epochs : `${r.epochs} (${w.missed})`,
              r.steps,
              fmt(r.trainLoss, 4),
              fmt(r.testLoss, 4),
              fmt(r.testLoss - r.trainLoss, 3),
              `${fmt(r.trainAcc * 100)}%`,
              `${fmt(r.testAcc * 100)}%`,
              fmt(r.sharpness, 4),
              fmt(r.lambdaMax, 4),
            ].map((v) => el('td', {}, String(v))),
          ),
        );
      }
      const chart = canvas(520, 260, w.lineTitle!);
      drawChart(
        chart.ctx,
        520,
        260,
        [
          { name: w.train!, x: m.line.alpha, y: m.line.train },
          { name: w.test!, x: m.line.alpha, y: m.line.test, dashed: true },
        ],
        { title: w.lineTitle!, xLabel: 'α', markers: [{ x: 0, label: w.small! }, { x: 1, label: w.large! }] },
      );
      out.replaceChildren(t, ...(m.note ? [el('p', { class: 'warn', 'data-stat': 'note' }, m.note)] : []), chart.canvas);
      return true;
    },
  });
}

export function biasVarianceView(ctx: ViewContext): View {
  const c = ctx.state.config as BiasVarianceConfig;
  const w = words(ctx);
  return oneShotView(ctx, 'bias-variance', {
    keys: ['samples', 'noise', 'degree', 'fits', 'maxDegree', 'seed'],
    job: () => ({ kind: 'bias-variance', config: c, workers: ctx.workers }),
    render(m: FromWorker, out) {
      if (m.type !== 'bias-variance-result') return false;
      const fits = canvas(420, 280, 'bootstrap fits of the noisy sine');
      const series = m.fits.map((f, i) => ({ name: i === 0 ? fill(w.fitsK!, { k: m.fits.length }) : '', x: f.x, y: f.y.map((v) => Math.max(-3, Math.min(3, v))), color: '#bbb' }));
      drawChart(fits.ctx, 420, 280, [...series, { name: w.truth!, x: m.truth.x, y: m.truth.y, color: '#000' }, { name: w.meanFit!, x: m.mean.x, y: m.mean.y.map((v) => Math.max(-3, Math.min(3, v))), color: '#d62728' }], {
        title: `${w.degree} ${c.degree}`,
      });
      // the data points
      const g = fits.ctx;
      g.fillStyle = '#1f77b4';
      const [lo, hi] = [-Math.PI, Math.PI];
      let ylo = Infinity;
      let yhi = -Infinity;
      for (const s of [...series, { y: m.truth.y }, { y: m.mean.y.map((v) => Math.max(-3, Math.min(3, v))) }]) for (const v of s.y) (ylo = Math.min(ylo, v)), (yhi = Math.max(yhi, v));
      for (let i = 0; i < m.data.x.length; i++) {
        const X = 52 + ((m.data.x[i]! - lo) / (hi - lo)) * (420 - 62);
        const Y = 280 - 30 - ((Math.max(ylo, Math.min(yhi, m.data.y[i]!)) - ylo) / (yhi - ylo)) * (280 - 52);
        g.beginPath();
        g.arc(X, Y, 2.5, 0, 2 * Math.PI);
        g.fill();
      }
      const bars = canvas(300, 280, `${w.bias2}, ${w.variance}, ${w.noise}, ${w.total}`);
      drawBars(
        bars.ctx,
        300,
        280,
        [
          { label: w.bias2!, value: m.terms.bias2 },
          { label: w.variance!, value: m.terms.variance },
          { label: w.noise!, value: m.terms.noise },
          { label: w.total!, value: m.terms.total },
        ],
        fill(w.termsTitle!, { d: c.degree }),
      );
      const u = canvas(420, 260, 'U-curve of expected error over degree');
      const d = m.curve.map((p) => p.degree);
      drawChart(
        u.ctx,
        420,
        260,
        [
          { name: w.bias2!, x: d, y: m.curve.map((p) => p.bias2) },
          { name: w.variance!, x: d, y: m.curve.map((p) => p.variance) },
          { name: w.noise!, x: d, y: m.curve.map((p) => p.noise), dashed: true },
          { name: w.expectedError!, x: d, y: m.curve.map((p) => p.total) },
        ],
        { title: w.capacity!, xLabel: w.degree!, logY: true, markers: [{ x: c.degree, label: `${w.degree} ${c.degree}` }] },
      );
      const t = el('table', { class: 'numbers', 'data-result': 'bias-variance' }, head(w.bias2!, w.variance!, w.noise!, w.expectedError!));
      t.append(el('tr', { 'data-bias2': m.terms.bias2, 'data-variance': m.terms.variance }, ...[m.terms.bias2, m.terms.variance, m.terms.noise, m.terms.total].map((v) => el('td', {}, fmt(v, 4)))));
      const maps = el('div', { class: 'maps' });
      if (m.disagreement && m.boundary) {
        const a = canvas(260, 260, w.boundary!);
        const b = canvas(260, 260, w.disagreement!);
        drawHeatmap(a.ctx, 260, m.boundary, m.points);
        drawHeatmap(b.ctx, 260, m.disagreement, m.points, { mode: 'scalar', splits: [0] });
        maps.append(el('figure', {}, a.canvas, el('figcaption', {}, w.boundary)), el('figure', {}, b.canvas, el('figcaption', {}, w.disagreement)));
      }
      out.replaceChildren(el('div', { class: 'row' }, fits.canvas, bars.canvas), t, u.canvas, maps);
      return true;
    },
  });
}

export function ensemblesView(ctx: ViewContext): View {
  const c = ctx.state.config as EnsembleConfig;
  const w = words(ctx);
  let result: Extract<FromWorker, { type: 'ensembles-result' }> | null = null;
  const slider = el('input', { type: 'range', id: 'boost-round', min: 1, max: 1, step: 1, value: 1 });
  const label = el('label', { for: 'boost-round' }, fill(w.round!, { r: 1, n: 1 }));
  const boostMap = canvas(300, 300, 'AdaBoost ensemble after the chosen round; point size = sample weight');
  const info = el('p', { 'data-stat': 'boost' });
  const drawRound = () => {
    if (!result) return;
    const k = Number(slider.value) - 1;
    const r = result.boosting[k]!;
    label.textContent = fill(w.round!, { r: r.round, n: result.boosting.length });
    const n = result.points.y.length;
    const radius = new Float32Array(n);
    const trainIdx: number[] = [];
    for (let i = 0; i < n; i++) if (result.points.split[i] === 0) trainIdx.push(i);
    const mean = 1 / trainIdx.length;
    trainIdx.forEach((row, j) => (radius[row] = Math.max(1.5, Math.min(12, 3 * Math.sqrt(r.weights[j]! / mean)))));
    drawHeatmap(boostMap.ctx, 300, r.heatmap, result.points, { radius, splits: [0] });
    info.textContent = `${w.error} ${fmt(r.error)}  α ${fmt(r.alpha)}  ${w.testAccuracy} ${fmt(r.accuracy * 100)}%`;
    info.setAttribute('data-accuracy', String(r.accuracy));
  };
  slider.addEventListener('input', drawRound);
  return oneShotView(ctx, 'ensembles', {
    keys: ['dataset', 'samples', 'noise', 'members', 'rounds', 'hidden', 'lr', 'batchSize', 'epochs', 'seed'],
    extra: csvDrop(ctx),
    job: () => ({ kind: 'ensembles', config: c, csv: c.dataset === 'csv' ? ctx.csv() : null, workers: ctx.workers }),
    render(m, out) {
      if (m.type !== 'ensembles-result') return false;
      result = m;
      const bag = canvas(300, 300, 'bagging vote');
      drawHeatmap(bag.ctx, 300, m.bagging.heatmap, m.points);
      slider.max = String(m.boosting.length);
      slider.value = String(m.boosting.length);
      drawRound();
      const members = el('p', { 'data-stat': 'bagging', 'data-accuracy': m.bagging.accuracy }, fill(w.baggingVote!, { a: fmt(m.bagging.accuracy * 100), m: m.bagging.memberAccuracy.map((a) => fmt(a * 100)).join(', ') }));
      out.replaceChildren(
        el('div', { class: 'row' }, el('figure', {}, bag.canvas, el('figcaption', {}, fill(w.membersVote!, { n: c.members }))), el('figure', {}, boostMap.canvas, el('figcaption', {}, label, slider))),
        members,
        info,
      );
      return true;
    },
  });
}

export function cvView(ctx: ViewContext): View {
  const c = ctx.state.config as CvConfig;
  const w = words(ctx);
  return oneShotView(ctx, 'cv', {
    keys: ['dataset', 'samples', 'noise', 'folds', 'candidates', 'hidden', 'lr', 'batchSize', 'epochs', 'seed'],
    extra: csvDrop(ctx),
    job: () => ({ kind: 'cv', config: c, csv: c.dataset === 'csv' ? ctx.csv() : null, workers: ctx.workers }),
    render(m, out) {
      if (m.type !== 'cv-result') return false;
      // folds as bars: one row per fold, the validation block coloured
      const bars = canvas(520, 24 * m.folds.length + 10, 'folds: validation rows of each fold');
      const g = bars.ctx;
      const order = Array.from({ length: m.n }, (_, i) => i).sort((a, b) => m.foldOf[a]! - m.foldOf[b]! || a - b);
      m.folds.forEach((_, f) => {
        for (let j = 0; j < m.n; j++) {
          g.fillStyle = m.foldOf[order[j]!] === f ? PALETTE[f % PALETTE.length]! : '#e4e4e4';
          g.fillRect(40 + (j / m.n) * 470, 5 + f * 24, Math.ceil(470 / m.n), 18);
        }
        g.fillStyle = '#333';
        g.font = canvasFont(11);
        g.fillText(`${w.fold} ${f + 1}`, 0, 18 + f * 24);
      });
      const t = el('table', { class: 'numbers', 'data-result': 'cv' }, head('L2', ...m.folds.map((_, i) => `${w.fold} ${i + 1}`), w.meanStd!));
      m.scores.forEach((s, i) => {
        const tr = row(s.candidate, ...s.perFold.map((v) => `${fmt(v * 100)}%`), `${fmt(s.mean * 100)}% ± ${fmt(s.std * 100)}`);
        tr.setAttribute('data-folds', JSON.stringify(s.perFold));
        if (i === m.chosen) tr.className = 'chosen';
        t.append(tr);
      });
      const reveal = el('button', { type: 'button', id: 'reveal' }, w.reveal);
      const test = el(
        'p',
        { 'data-stat': 'cv-test', hidden: true },
        fill(w.cvTest!, { a: fmt(m.test.acc * 100), l: fmt(m.test.loss, 4), c: m.scores[m.chosen]!.candidate, n: m.n, e: m.refitEpochs, t: fmt(m.refitTrainLoss, 4) }),
      );
      reveal.addEventListener('click', () => {
        test.hidden = false;
        reveal.disabled = true;
      });
      out.replaceChildren(bars.canvas, t, el('p', { 'data-stat': 'chosen', 'data-l2': m.scores[m.chosen]!.candidate }, `${w.chosen}: L2 = ${m.scores[m.chosen]!.candidate}`), reveal, test);
      return true;
    },
  });
}
