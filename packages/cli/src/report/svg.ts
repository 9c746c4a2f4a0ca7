// Inline SVG charts for self-contained reports: no scripts, no network, plain markup.

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22', '#393b79', '#637939'];

export interface Series {
  name: string;
  x: readonly number[];
  y: readonly number[];
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  logX?: boolean;
  width?: number;
  height?: number;
  /** Draw points as markers as well as lines. */
  markers?: boolean;
}

const W = 640;
const H = 320;
const M = { l: 64, r: 150, t: 32, b: 44 };
/** A generous width of one 11px legend character (wide glyphs included), so names never run out of the chart. */
export const LEGEND_CHAR = 7;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** ~5 round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function fmtNum(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}

function extent(values: number[]): [number, number] {
  const f = values.filter(Number.isFinite);
  if (f.length === 0) return [0, 1];
  let lo = Math.min(...f);
  let hi = Math.max(...f);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  return [lo, hi];
}

/** A line chart of several series with axes, ticks, labels and a legend. */
export function lineChart(series: readonly Series[], o: ChartOptions): string {
  // the legend sits right of the plot: widen and heighten the chart until every entry fits inside
  const legend = Math.max(M.r, 46 + LEGEND_CHAR * Math.max(0, ...series.map((s) => s.name.length)));
  const w = (o.width ?? W) - M.r + legend;
  const h = Math.max(o.height ?? H, M.t + 14 + series.length * 18);
  const tx = (v: number) => (o.logX ? Math.log10(v) : v);
  const ty = (v: number) => (o.logY ? Math.log10(v) : v);
  const xs = series.flatMap((s) => s.x.map(tx));
  const ys = series.flatMap((s) => s.y.filter((v) => !o.logY || v > 0).map(ty));
  const [x0, x1] = extent(xs);
  const [y0, y1] = extent(ys);
  const pw = w - M.l - legend;
  const ph = h - M.t - M.b;
  const sx = (v: number) => M.l + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number) => M.t + ph - ((v - y0) / (y1 - y0)) * ph;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(o.title)}">`);
  parts.push(`<rect x="0" y="0" width="${w}" height="${h}" fill="#fff"/>`);
  parts.push(`<text x="${M.l}" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>`);
  for (const t of ticks(x0, x1)) {
    const X = sx(t).toFixed(1);
    parts.push(`<line x1="${X}" x2="${X}" y1="${M.t}" y2="${M.t + ph}" stroke="#eee"/>`);
    parts.push(`<text x="${X}" y="${M.t + ph + 16}" font-size="11" text-anchor="middle">${fmtNum(o.logX ? 10 ** t : t)}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    const Y = sy(t).toFixed(1);
    parts.push(`<line x1="${M.l}" x2="${M.l + pw}" y1="${Y}" y2="${Y}" stroke="#eee"/>`);
    parts.push(`<text x="${M.l - 6}" y="${Number(Y) + 4}" font-size="11" text-anchor="end">${fmtNum(o.logY ? 10 ** t : t)}</text>`);
  }
  parts.push(`<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="${M.l + pw / 2}" y="${h - 8}" font-size="12" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text x="14" y="${M.t + ph / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${M.t + ph / 2})">${esc(o.yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const pts: string[] = [];
    for (let k = 0; k < s.x.length; k++) {
      const yv = s.y[k]!;
      if (!Number.isFinite(yv) || (o.logY && yv <= 0)) continue;
      pts.push(`${sx(tx(s.x[k]!)).toFixed(1)},${sy(ty(yv)).toFixed(1)}`);
    }
    if (pts.length) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts.join(' ')}"/>`);
      if (o.markers || pts.length === 1) for (const p of pts) parts.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${color}"/>`);
    }
    const ly = M.t + 14 + i * 18;
    parts.push(`<line x1="${w - legend + 10}" x2="${w - legend + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    parts.push(`<text x="${w - legend + 36}" y="${ly}" font-size="11">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A bar chart (e.g. fold scores) with an optional error bar per bar. */
export function barChart(bars: readonly { label: string; value: number; err?: number }[], o: ChartOptions): string {
  const w = o.width ?? W;
  const h = o.height ?? H;
  const pw = w - M.l - 20;
  const ph = h - M.t - M.b;
  const [, hiRaw] = extent(bars.map((b) => b.value + (b.err ?? 0)));
  const lo = Math.min(0, ...bars.map((b) => b.value));
  const hi = hiRaw <= lo ? lo + 1 : hiRaw;
  const sy = (v: number) => M.t + ph - ((v - lo) / (hi - lo)) * ph;
  const bw = pw / Math.max(1, bars.length);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(o.title)}">`];
  parts.push(`<rect x="0" y="0" width="${w}" height="${h}" fill="#fff"/>`);
  parts.push(`<text x="${M.l}" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>`);
  for (const t of ticks(lo, hi)) {
    parts.push(`<line x1="${M.l}" x2="${M.l + pw}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#eee"/>`);
    parts.push(`<text x="${M.l - 6}" y="${(sy(t) + 4).toFixed(1)}" font-size="11" text-anchor="end">${fmtNum(t)}</text>`);
  }
  bars.forEach((b, i) => {
    const x = M.l + i * bw + bw * 0.15;
    const y = sy(Math.max(b.value, 0));
    const hh = Math.abs(sy(b.value) - sy(0));
    parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${hh.toFixed(1)}" fill="${PALETTE[i % PALETTE.length]}"/>`);
    if (b.err) {
      const cx = (x + bw * 0.35).toFixed(1);
      parts.push(`<line x1="${cx}" x2="${cx}" y1="${sy(b.value - b.err).toFixed(1)}" y2="${sy(b.value + b.err).toFixed(1)}" stroke="#000"/>`);
    }
    parts.push(`<text x="${(x + bw * 0.35).toFixed(1)}" y="${M.t + ph + 16}" font-size="10" text-anchor="middle">${esc(b.label)}</text>`);
  });
  parts.push(`<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="14" y="${M.t + ph / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${M.t + ph / 2})">${esc(o.yLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

let clipCounter = 0;

/** Viridis-like colour for t in [0, 1]. */
function colour(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const c = stops[i]!.map((v, k) => Math.round(v + (stops[i + 1]![k]! - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/**
 * A filled contour map (log-scaled values on a grid) of a 2-D function with optimizer
 * trajectories drawn over it; each path starts with a ring.
 */
export function contourChart(
  grid: { xs: readonly number[]; ys: readonly number[]; values: readonly number[] },
  paths: readonly { name: string; points: readonly [number, number][] }[],
  o: { title: string; width?: number; height?: number },
): string {
  const w = o.width ?? 640;
  const h = o.height ?? 420;
  const pw = w - M.l - M.r;
  const ph = h - M.t - M.b;
  const { xs, ys, values } = grid;
  const [x0, x1] = [xs[0]!, xs[xs.length - 1]!];
  const [y0, y1] = [ys[0]!, ys[ys.length - 1]!];
  const sx = (v: number) => M.l + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number) => M.t + ph - ((v - y0) / (y1 - y0)) * ph;
  const logs = values.map((v) => Math.log10(Math.max(v, 0) + 1e-3));
  const [l0, l1] = extent(logs);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(o.title)}">`];
  parts.push(`<rect x="0" y="0" width="${w}" height="${h}" fill="#fff"/>`);
  parts.push(`<text x="${M.l}" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>`);
  const clip = `clip-${(clipCounter++).toString(36)}`;
  parts.push(`<defs><clipPath id="${clip}"><rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}"/></clipPath></defs>`);
  const cw = pw / xs.length;
  const ch = ph / ys.length;
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      const t = (logs[j * xs.length + i]! - l0) / (l1 - l0);
      // quantised levels read as contour bands
      parts.push(`<rect x="${(M.l + i * cw).toFixed(1)}" y="${(M.t + ph - (j + 1) * ch).toFixed(1)}" width="${(cw + 0.5).toFixed(1)}" height="${(ch + 0.5).toFixed(1)}" fill="${colour(Math.round(t * 12) / 12)}"/>`);
    }
  }
  parts.push(`<g clip-path="url(#${clip})">`);
  paths.forEach((p, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    const pts = p.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)).map(([a, b]) => `${sx(a).toFixed(1)},${sy(b).toFixed(1)}`);
    if (pts.length) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>`);
      const [a, b] = pts[0]!.split(',');
      parts.push(`<circle cx="${a}" cy="${b}" r="5" fill="none" stroke="#fff" stroke-width="2"/>`);
      const [c, d] = pts[pts.length - 1]!.split(',');
      parts.push(`<circle cx="${c}" cy="${d}" r="3" fill="${color}" stroke="#fff"/>`);
    }
  });
  parts.push('</g>');
  paths.forEach((p, k) => {
    const ly = M.t + 14 + k * 18;
    parts.push(`<line x1="${w - M.r + 10}" x2="${w - M.r + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="2"/>`);
    parts.push(`<text x="${w - M.r + 36}" y="${ly}" font-size="11">${esc(p.name)}</text>`);
  });
  for (const t of ticks(x0, x1)) parts.push(`<text x="${sx(t).toFixed(1)}" y="${M.t + ph + 16}" font-size="11" text-anchor="middle">${fmtNum(t)}</text>`);
  for (const t of ticks(y0, y1)) parts.push(`<text x="${M.l - 6}" y="${(sy(t) + 4).toFixed(1)}" font-size="11" text-anchor="end">${fmtNum(t)}</text>`);
  parts.push(`<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  parts.push('</svg>');
  return parts.join('');
}
