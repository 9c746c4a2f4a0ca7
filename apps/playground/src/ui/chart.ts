// A line chart on a canvas: several series, optional log y axis, vertical markers (the
// early-stop epoch), a legend. Knows only numbers.
import { canvasFont, fmt, PALETTE } from './dom.js';

export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  dashed?: boolean;
}

export interface ChartOptions {
  title?: string;
  xLabel?: string;
  logY?: boolean;
  markers?: { x: number; label: string }[];
}

export function drawChart(ctx: CanvasRenderingContext2D, w: number, h: number, series: Series[], o: ChartOptions = {}): void {
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  const pad = { l: 52, r: 10, t: o.title ? 22 : 10, b: 30 };
  const ty = (v: number) => (o.logY ? Math.log10(Math.max(v, 1e-12)) : v);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      const v = s.y[i]!;
      if (!Number.isFinite(v)) continue;
      x0 = Math.min(x0, s.x[i]!);
      x1 = Math.max(x1, s.x[i]!);
      y0 = Math.min(y0, ty(v));
      y1 = Math.max(y1, ty(v));
    }
  }
  ctx.font = canvasFont(11);
  ctx.fillStyle = '#222';
  if (o.title) ctx.fillText(o.title, pad.l, 14);
  if (!(x1 >= x0)) {
    ctx.fillStyle = '#888';
    ctx.fillText('no data yet', w / 2 - 30, h / 2);
    return;
  }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) {
    y1 += 0.5;
    y0 -= 0.5;
  }
  const px = (x: number) => pad.l + ((x - x0) / (x1 - x0)) * (w - pad.l - pad.r);
  const py = (y: number) => h - pad.b - ((ty(y) - y0) / (y1 - y0)) * (h - pad.t - pad.b);
  ctx.strokeStyle = '#999';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(pad.l, pad.t);
  ctx.lineTo(pad.l, h - pad.b);
  ctx.lineTo(w - pad.r, h - pad.b);
  ctx.stroke();
  ctx.fillStyle = '#444';
  const yl = (v: number) => fmt(o.logY ? 10 ** v : v);
  ctx.fillText(yl(y1), 2, pad.t + 8);
  ctx.fillText(yl(y0), 2, h - pad.b);
  ctx.fillText(fmt(x0), pad.l, h - pad.b + 14);
  ctx.fillText(fmt(x1), w - pad.r - 30, h - pad.b + 14);
  if (o.xLabel) ctx.fillText(o.xLabel, w / 2 - 20, h - 4);
  for (const m of o.markers ?? []) {
    ctx.strokeStyle = '#c00';
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px(m.x), pad.t);
    ctx.lineTo(px(m.x), h - pad.b);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#c00';
    ctx.fillText(m.label, Math.min(px(m.x) + 3, w - 80), h - pad.b - 4);
  }
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length]!;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(s.dashed ? [5, 3] : []);
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < s.x.length; i++) {
      const v = s.y[i]!;
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(px(s.x[i]!), py(v));
      else ctx.moveTo(px(s.x[i]!), py(v));
      pen = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  });
  // legend
  let lx = pad.l + 6;
  let ly = pad.t + 12;
  for (const [k, s] of series.entries()) {
    const label = s.name;
    if (!label) continue;
    const tw = ctx.measureText(label).width + 22;
    if (lx + tw > w - pad.r) {
      lx = pad.l + 6;
      ly += 13;
    }
    ctx.fillStyle = s.color ?? PALETTE[k % PALETTE.length]!;
    ctx.fillRect(lx, ly - 7, 12, 3);
    ctx.fillStyle = '#333';
    ctx.fillText(label, lx + 15, ly - 2);
    lx += tw;
  }
}
