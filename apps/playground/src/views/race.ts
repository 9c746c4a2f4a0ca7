// View 1: the optimizer race over a contour plot; click to choose the start.
import { RACERS, type RaceConfig, type RacerName } from '../config.js';
import { FUNCTIONS_2D } from '@descent/train/race-functions';
import type { FromWorker } from '../protocol.js';
import { drawChart } from '../ui/chart.js';
import { canvas, canvasFont, el, fmt, PALETTE } from '../ui/dom.js';
import { fill } from '../i18n.js';
import { controlsPanel, words, type View, type ViewContext } from './view.js';

const KEYS = ['fn', 'lr', 'momentum', 'beta1', 'beta2', 'eps', 'rho', 'alpha', 'steps', 'racers'];
const SIZE = 460;
const colorOf = (r: RacerName) => PALETTE[RACERS.indexOf(r) % PALETTE.length]!;

/** The contour background: log-scaled f over the box, drawn once per function. */
function contourImage(fnName: RaceConfig['fn']): OffscreenCanvas {
  const fn = FUNCTIONS_2D[fnName];
  const res = 200;
  const [x0, x1, y0, y1] = fn.bounds;
  const vals = new Float64Array(res * res);
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const v = fn.f(x0 + ((c + 0.5) / res) * (x1 - x0), y1 - ((r + 0.5) / res) * (y1 - y0));
      vals[r * res + c] = v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const img = new ImageData(res, res);
  const band = 14;
  for (let i = 0; i < res * res; i++) {
    const t = Math.log1p(vals[i]! - lo) / Math.log1p(hi - lo);
    const stripe = Math.floor(t * band) % 2 === 0 ? 0 : 12;
    img.data[i * 4] = 250 - 150 * t - stripe;
    img.data[i * 4 + 1] = 250 - 90 * t - stripe;
    img.data[i * 4 + 2] = 255 - 40 * t - stripe;
    img.data[i * 4 + 3] = 255;
  }
  const off = new OffscreenCanvas(res, res);
  off.getContext('2d')!.putImageData(img, 0, 0);
  return off;
}

export function raceView(ctx: ViewContext): View {
  const c = ctx.state.config as RaceConfig;
  const w = words(ctx);
  const fn = FUNCTIONS_2D[c.fn];
  const plot = canvas(SIZE, SIZE, `contour plot of ${c.fn} with optimizer paths; click to choose the start`);
  plot.canvas.tabIndex = 0;
  const chart = canvas(440, 280, 'loss per step');
  const bg = contourImage(c.fn);
  const paths = new Map<RacerName, number[]>();
  const losses = new Map<RacerName, number[]>();
  const diverged = new Map<RacerName, number>();
  const table = el('table', { class: 'racers' });
  const stepStat = el('span', { 'data-stat': 'step' }, '0');
  const play = el('button', { type: 'button', id: 'play' }, w.play!);
  let dirty = true;
  let running = false;
  const [x0, x1, y0, y1] = fn.bounds;
  const px = (x: number) => ((x - x0) / (x1 - x0)) * SIZE;
  const py = (y: number) => ((y1 - y) / (y1 - y0)) * SIZE;

  plot.canvas.addEventListener('click', (e) => {
    const r = plot.canvas.getBoundingClientRect();
    const x = x0 + ((e.clientX - r.left) / r.width) * (x1 - x0);
    const y = y1 - ((e.clientY - r.top) / r.height) * (y1 - y0);
    ctx.change('x0', x.toFixed(3));
    ctx.change('y0', y.toFixed(3));
  });
  // keyboard: arrows move the start by 5% of the box
  plot.canvas.addEventListener('keydown', (e) => {
    const d: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const m = d[e.key];
    if (!m) return;
    e.preventDefault();
    ctx.change('x0', (c.x0 + m[0] * 0.05 * (x1 - x0)).toFixed(3));
    ctx.change('y0', (c.y0 + m[1] * 0.05 * (y1 - y0)).toFixed(3));
  });
  play.addEventListener('click', () => {
    if (running) {
      ctx.pause();
      running = false;
      play.textContent = w.play!;
    } else view.start();
  });

  const root = el(
    'div',
    { class: 'view race' },
    el('div', { class: 'col' }, controlsPanel(ctx, 'race', KEYS)),
    el('div', { class: 'col' }, el('div', { class: 'buttons' }, play, el('span', {}, `${w.step}: `, stepStat)), plot.canvas, el('p', { class: 'legend' }, fill(w.startAt!, { x: fmt(c.x0), y: fmt(c.y0) }))),
    el('div', { class: 'col' }, chart.canvas, table),
  );

  function renderTable() {
    table.replaceChildren(el('tr', {}, el('th', {}, w.optimizer!), el('th', {}, w.loss!), el('th', {}, '')));
    for (const r of c.racers) {
      const l = losses.get(r) ?? [];
      const d = diverged.get(r);
      table.append(
        el(
          'tr',
          { 'data-racer': r },
          el('td', {}, el('span', { class: 'swatch', style: `background:${colorOf(r)}` }), ' ', r),
          el('td', { 'data-loss': String(l[l.length - 1] ?? '') }, fmt(l[l.length - 1], 4)),
          el('td', { class: d ? 'warn' : '' }, d ? fill(w.divergedAt!, { n: d }) : ''),
        ),
      );
    }
  }

  const view: View = {
    root,
    start() {
      paths.clear();
      losses.clear();
      diverged.clear();
      dirty = true;
      running = true;
      play.textContent = w.pause!;
      if (c.racers.length === 0) {
        ctx.error('choose at least one optimizer');
        return;
      }
      ctx.run({ kind: 'race', config: c });
    },
    onMessage(m: FromWorker) {
      if (m.type !== 'race-frame') return;
      for (const f of m.racers) {
        const p = paths.get(f.name) ?? [];
        const l = losses.get(f.name) ?? [];
        for (const v of f.path) p.push(v);
        for (const v of f.loss) l.push(v);
        paths.set(f.name, p);
        losses.set(f.name, l);
        if (f.diverged !== null) diverged.set(f.name, f.diverged);
      }
      stepStat.textContent = String(m.step);
      ctx.progress(m.step * c.racers.length);
      const gone = [...diverged.keys()];
      ctx.error(gone.length ? `${gone.join(', ')} diverged (the loss left the finite range): lower the learning rate` : null);
      dirty = true;
    },
    finished() {
      running = false;
      play.textContent = w.play!;
      renderTable();
    },
    draw() {
      if (!dirty) return;
      dirty = false;
      const g = plot.ctx;
      g.imageSmoothingEnabled = true;
      g.drawImage(bg, 0, 0, SIZE, SIZE);
      g.fillStyle = '#000';
      g.font = canvasFont(16);
      for (const [mx, my] of fn.minima) g.fillText('★', px(mx) - 6, py(my) + 6);
      for (const r of c.racers) {
        const p = paths.get(r);
        if (!p || p.length < 2) continue;
        g.strokeStyle = colorOf(r);
        g.lineWidth = 2;
        g.beginPath();
        g.moveTo(px(p[0]!), py(p[1]!));
        for (let i = 2; i < p.length; i += 2) g.lineTo(px(Math.max(x0 - 10, Math.min(x1 + 10, p[i]!))), py(Math.max(y0 - 10, Math.min(y1 + 10, p[i + 1]!))));
        g.stroke();
        g.fillStyle = colorOf(r);
        g.beginPath();
        g.arc(px(p[p.length - 2]!), py(p[p.length - 1]!), 4, 0, 2 * Math.PI);
        g.fill();
      }
      g.strokeStyle = '#000';
      g.beginPath();
      g.arc(px(c.x0), py(c.y0), 6, 0, 2 * Math.PI);
      g.stroke();
      const series = c.racers.map((r) => {
        const l = losses.get(r) ?? [];
        return { name: r, x: l.map((_, i) => i), y: l, color: colorOf(r) };
      });
      drawChart(chart.ctx, 440, 280, series, { title: `${w.loss} / ${w.step}${c.fn === 'saddle' ? '' : ' (log)'}`, logY: c.fn !== 'saddle', xLabel: w.step });
      renderTable();
    },
  };
  return view;
}
