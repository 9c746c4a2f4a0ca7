// Views 3–6: batch size and sharpness, bias–variance, bagging and boosting, cross-validation.
import type { BiasVarianceConfig, CvConfig, EnsembleConfig, SharpnessConfig } from '../config.js';
import type { FromWorker } from '../protocol.js';
import { drawChart } from '../ui/chart.js';
import { canvas, el, fmt, PALETTE } from '../ui/dom.js';
import { drawHeatmap } from '../ui/heatmap.js';
import { oneShotView } from './oneshot.js';
import { csvDrop, type View, type ViewContext } from './view.js';

const row = (...cells: (string | number)[]) => el('tr', {}, ...cells.map((c) => el('td', {}, String(c))));
const head = (...cells: string[]) => el('tr', {}, ...cells.map((c) => el('th', {}, c)));

export function sharpnessView(ctx: ViewContext): View {
  const c = ctx.state.config as SharpnessConfig;
  return oneShotView(ctx, 'sharpness', {
    keys: ['dataset', 'samples', 'noise', 'hidden', 'lr', 'smallBatch', 'largeBatch', 'epochs', 'epsilon', 'seed'],
    job: () => ({ kind: 'sharpness', config: c }),
    render(m: FromWorker, out) {
      if (m.type !== 'sharpness-result') return false;
      const t = el('table', { class: 'numbers', 'data-result': 'sharpness' }, head('batch', 'steps', 'train loss', 'test loss', 'test − train', 'train acc', 'test acc', 'ε-sharpness %'));
      for (const r of m.runs) {
        t.append(
          el(
            'tr',
            { 'data-batch': r.batch, 'data-steps': r.steps, 'data-sharpness': r.sharpness, 'data-gap': r.testLoss - r.trainLoss },
            ...[r.batch, r.steps, fmt(r.trainLoss, 4), fmt(r.testLoss, 4), fmt(r.testLoss - r.trainLoss, 3), `${fmt(r.trainAcc * 100)}%`, `${fmt(r.testAcc * 100)}%`, fmt(r.sharpness, 3)].map((v) => el('td', {}, String(v))),
          ),
        );
      }
      const chart = canvas(520, 260, 'loss along the line from the small-batch to the large-batch solution');
      drawChart(
        chart.ctx,
        520,
        260,
        [
          { name: 'train', x: m.line.alpha, y: m.line.train },
          { name: 'test', x: m.line.alpha, y: m.line.test, dashed: true },
        ],
        { title: 'loss along θ(α) = (1−α)·θ_small + α·θ_large', xLabel: 'α', markers: [{ x: 0, label: 'small' }, { x: 1, label: 'large' }] },
      );
      out.replaceChildren(t, chart.canvas);
      return true;
    },
  });
}

export function biasVarianceView(ctx: ViewContext): View {
  const c = ctx.state.config as BiasVarianceConfig;
  return oneShotView(ctx, 'bias-variance', {
    keys: ['samples', 'noise', 'degree', 'fits', 'maxDegree', 'seed'],
    job: () => ({ kind: 'bias-variance', config: c }),
    render(m: FromWorker, out) {
      if (m.type !== 'bias-variance-result') return false;
      const fits = canvas(420, 280, 'bootstrap fits of the noisy sine');
      const series = m.fits.map((f, i) => ({ name: i === 0 ? `K=${m.fits.length} fits` : '', x: f.x, y: f.y.map((v) => Math.max(-3, Math.min(3, v))), color: '#bbb' }));
      drawChart(fits.ctx, 420, 280, [...series, { name: 'true f', x: m.truth.x, y: m.truth.y, color: '#000' }, { name: 'mean fit', x: m.mean.x, y: m.mean.y.map((v) => Math.max(-3, Math.min(3, v))), color: '#d62728' }], {
        title: `degree ${c.degree}`,
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
      const bars = canvas(300, 280, 'bias squared, variance and noise');
      drawChart(bars.ctx, 300, 280, [{ name: 'bias² · variance · noise · total', x: [0, 1, 2, 3], y: [m.terms.bias2, m.terms.variance, m.terms.noise, m.terms.total] }], { bars: true, title: 'bias²  variance  noise  total' });
      const u = canvas(420, 260, 'U-curve of expected error over degree');
      const d = m.curve.map((p) => p.degree);
      drawChart(
        u.ctx,
        420,
        260,
        [
          { name: 'bias²', x: d, y: m.curve.map((p) => p.bias2) },
          { name: 'variance', x: d, y: m.curve.map((p) => p.variance) },
          { name: 'noise', x: d, y: m.curve.map((p) => p.noise), dashed: true },
          { name: 'expected error', x: d, y: m.curve.map((p) => p.total) },
        ],
        { title: 'capacity → error (log)', xLabel: 'degree', logY: true, markers: [{ x: c.degree, label: `degree ${c.degree}` }] },
      );
      const t = el('table', { class: 'numbers', 'data-result': 'bias-variance' }, head('bias²', 'variance', 'noise σ²', 'expected error'));
      t.append(el('tr', { 'data-bias2': m.terms.bias2, 'data-variance': m.terms.variance }, ...[m.terms.bias2, m.terms.variance, m.terms.noise, m.terms.total].map((v) => el('td', {}, fmt(v, 4)))));
      const maps = el('div', { class: 'maps' });
      if (m.disagreement && m.boundary) {
        const a = canvas(260, 260, 'bagged ensemble decision boundary');
        const b = canvas(260, 260, 'ensemble disagreement');
        drawHeatmap(a.ctx, 260, m.boundary, m.points);
        drawHeatmap(b.ctx, 260, m.disagreement, m.points, { mode: 'scalar', splits: [0] });
        maps.append(el('figure', {}, a.canvas, el('figcaption', {}, 'ensemble boundary')), el('figure', {}, b.canvas, el('figcaption', {}, 'disagreement (variance of member probabilities)')));
      }
      out.replaceChildren(el('div', { class: 'row' }, fits.canvas, bars.canvas), t, u.canvas, maps);
      return true;
    },
  });
}

export function ensemblesView(ctx: ViewContext): View {
  const c = ctx.state.config as EnsembleConfig;
  let result: Extract<FromWorker, { type: 'ensembles-result' }> | null = null;
  const slider = el('input', { type: 'range', id: 'boost-round', min: 1, max: 1, step: 1, value: 1 });
  const label = el('label', { for: 'boost-round' }, 'AdaBoost round 1');
  const boostMap = canvas(300, 300, 'AdaBoost ensemble after the chosen round; point size = sample weight');
  const info = el('p', { 'data-stat': 'boost' });
  const drawRound = () => {
    if (!result) return;
    const k = Number(slider.value) - 1;
    const r = result.boosting[k]!;
    label.textContent = `AdaBoost round ${r.round} / ${result.boosting.length}`;
    const n = result.points.y.length;
    const radius = new Float32Array(n);
    const trainIdx: number[] = [];
    for (let i = 0; i < n; i++) if (result.points.split[i] === 0) trainIdx.push(i);
    const mean = 1 / trainIdx.length;
    trainIdx.forEach((row, j) => (radius[row] = Math.max(1.5, Math.min(12, 3 * Math.sqrt(r.weights[j]! / mean)))));
    drawHeatmap(boostMap.ctx, 300, r.heatmap, result.points, { radius, splits: [0] });
    info.textContent = `error ${fmt(r.error)}  α ${fmt(r.alpha)}  test accuracy ${fmt(r.accuracy * 100)}%`;
    info.setAttribute('data-accuracy', String(r.accuracy));
  };
  slider.addEventListener('input', drawRound);
  return oneShotView(ctx, 'ensembles', {
    keys: ['dataset', 'samples', 'noise', 'members', 'rounds', 'hidden', 'lr', 'batchSize', 'epochs', 'seed'],
    extra: csvDrop(ctx),
    job: () => ({ kind: 'ensembles', config: c, csv: c.dataset === 'csv' ? ctx.csv() : null }),
    render(m, out) {
      if (m.type !== 'ensembles-result') return false;
      result = m;
      const bag = canvas(300, 300, 'bagging vote');
      drawHeatmap(bag.ctx, 300, m.bagging.heatmap, m.points);
      slider.max = String(m.boosting.length);
      slider.value = String(m.boosting.length);
      drawRound();
      const members = el('p', { 'data-stat': 'bagging', 'data-accuracy': m.bagging.accuracy }, `bagging vote: test accuracy ${fmt(m.bagging.accuracy * 100)}% — members ${m.bagging.memberAccuracy.map((a) => fmt(a * 100)).join(', ')}%`);
      out.replaceChildren(
        el('div', { class: 'row' }, el('figure', {}, bag.canvas, el('figcaption', {}, `bagging: ${c.members} members vote`)), el('figure', {}, boostMap.canvas, el('figcaption', {}, label, slider))),
        members,
        info,
      );
      return true;
    },
  });
}

export function cvView(ctx: ViewContext): View {
  const c = ctx.state.config as CvConfig;
  return oneShotView(ctx, 'cv', {
    keys: ['dataset', 'samples', 'noise', 'folds', 'candidates', 'hidden', 'lr', 'batchSize', 'epochs', 'seed'],
    extra: csvDrop(ctx),
    job: () => ({ kind: 'cv', config: c, csv: c.dataset === 'csv' ? ctx.csv() : null }),
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
        g.font = '11px system-ui';
        g.fillText(`fold ${f + 1}`, 0, 18 + f * 24);
      });
      const t = el('table', { class: 'numbers', 'data-result': 'cv' }, head('L2', ...m.folds.map((_, i) => `fold ${i + 1}`), 'mean ± std'));
      m.scores.forEach((s, i) => {
        const tr = row(s.candidate, ...s.perFold.map((v) => `${fmt(v * 100)}%`), `${fmt(s.mean * 100)}% ± ${fmt(s.std * 100)}`);
        if (i === m.chosen) tr.className = 'chosen';
        t.append(tr);
      });
      const reveal = el('button', { type: 'button', id: 'reveal' }, ctx.lang === 'ko' ? '봉인된 테스트 점수 공개' : 'Reveal the sealed test score');
      const test = el('p', { 'data-stat': 'cv-test', hidden: true }, `test: accuracy ${fmt(m.test.acc * 100)}%, loss ${fmt(m.test.loss, 4)} (L2 = ${m.scores[m.chosen]!.candidate}, refit on ${m.n} rows for ${m.refitEpochs} epochs, train loss ${fmt(m.refitTrainLoss, 4)})`);
      reveal.addEventListener('click', () => {
        test.hidden = false;
        reveal.disabled = true;
      });
      out.replaceChildren(bars.canvas, t, el('p', { 'data-stat': 'chosen' }, `chosen: L2 = ${m.scores[m.chosen]!.candidate}`), reveal, test);
      return true;
    },
  });
}
