// A bar chart on a canvas: one labelled bar per value, its label under it and its value above it.
// Knows only numbers and labels.
import { canvasFont, fmt, PALETTE } from './dom.js';

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

/** Where each bar went (CSS pixels): for tests and hit-testing. */
export interface BarBox {
  label: string;
  x: number;
  width: number;
  top: number;
  bottom: number;
}

export function drawBars(ctx: CanvasRenderingContext2D, w: number, h: number, bars: readonly Bar[], title = ''): BarBox[] {
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.font = canvasFont(11);
  const pad = { l: 12, r: 12, t: title ? 36 : 20, b: 24 };
  if (title) {
    ctx.fillStyle = '#222';
    ctx.fillText(title, pad.l, 14);
  }
  const top = Math.max(0, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))) || 1;
  const slot = (w - pad.l - pad.r) / Math.max(1, bars.length);
  const bottom = h - pad.b;
  ctx.strokeStyle = '#999';
  ctx.beginPath();
  ctx.moveTo(pad.l, bottom);
  ctx.lineTo(w - pad.r, bottom);
  ctx.stroke();
  ctx.textAlign = 'center';
  const boxes = bars.map((b, i) => {
    const v = Number.isFinite(b.value) ? Math.max(0, b.value) : 0;
    const x = pad.l + i * slot + slot * 0.15;
    const width = slot * 0.7;
    const y = bottom - (v / top) * (bottom - pad.t);
    ctx.fillStyle = b.color ?? PALETTE[i % PALETTE.length]!;
    ctx.fillRect(x, y, width, bottom - y);
    ctx.fillStyle = '#222';
    ctx.fillText(b.label, x + width / 2, bottom + 15);
    ctx.fillText(fmt(b.value, 3), x + width / 2, y - 4);
    return { label: b.label, x, width, top: y, bottom };
  });
  ctx.textAlign = 'start';
  return boxes;
}
