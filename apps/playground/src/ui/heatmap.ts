// The decision-boundary heatmap: a grid of class probabilities and the data points. Knows only
// data: a Heatmap, Points and a canvas.
import type { Heatmap, Points } from '../protocol.js';

const CLASS_RGB: [number, number, number][] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
];

export interface HeatmapStyle {
  /** 'class': blend class colours by probability; 'scalar': white → purple by p (disagreement). */
  mode?: 'class' | 'scalar';
  /** Point radius per row (AdaBoost weights), default 3. */
  radius?: ArrayLike<number>;
  /** Which splits to draw (0 train, 1 val, 2 test); default all. */
  splits?: number[];
}

export function drawHeatmap(ctx: CanvasRenderingContext2D, size: number, map: Heatmap | null, points: Points | null, style: HeatmapStyle = {}): void {
  ctx.clearRect(0, 0, size, size);
  if (map) {
    const img = ctx.createImageData(map.res, map.res);
    for (let i = 0; i < map.res * map.res; i++) {
      let rgb: [number, number, number];
      const p = map.p[i]!;
      if (style.mode === 'scalar') {
        rgb = [255 - 120 * p, 255 - 200 * p, 255 - 60 * p];
      } else if (points && points.classes === 2) {
        const a = CLASS_RGB[0]!;
        const b = CLASS_RGB[1]!;
        rgb = [a[0] + (b[0] - a[0]) * p, a[1] + (b[1] - a[1]) * p, a[2] + (b[2] - a[2]) * p];
      } else {
        const c = CLASS_RGB[map.label[i]! % CLASS_RGB.length]!;
        rgb = c;
      }
      // wash out towards white where the model is unsure
      const conf = style.mode === 'scalar' ? 1 : points && points.classes === 2 ? Math.abs(p - 0.5) * 2 : p;
      const wash = 0.35 + 0.45 * conf;
      img.data[i * 4] = 255 - (255 - rgb[0]) * wash;
      img.data[i * 4 + 1] = 255 - (255 - rgb[1]) * wash;
      img.data[i * 4 + 2] = 255 - (255 - rgb[2]) * wash;
      img.data[i * 4 + 3] = 255;
    }
    const off = new OffscreenCanvas(map.res, map.res);
    off.getContext('2d')!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, size, size);
  }
  if (!points || !map) return;
  const [x0, x1, y0, y1] = map.bounds;
  const splits = style.splits ?? [0, 1, 2];
  for (let i = 0; i < points.y.length; i++) {
    const s = points.split[i]!;
    if (!splits.includes(s)) continue;
    const px = ((points.x[i * 2]! - x0) / (x1 - x0)) * size;
    const py = ((y1 - points.x[i * 2 + 1]!) / (y1 - y0)) * size;
    const [r, g, b] = CLASS_RGB[points.y[i]! % CLASS_RGB.length]!;
    const rad = style.radius ? style.radius[i]! : 3;
    ctx.beginPath();
    if (s === 2) ctx.rect(px - rad, py - rad, 2 * rad, 2 * rad);
    else ctx.arc(px, py, rad, 0, 2 * Math.PI);
    ctx.lineWidth = 1;
    if (s === 0) {
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fill();
      ctx.strokeStyle = '#fff';
    } else {
      ctx.strokeStyle = `rgb(${r},${g},${b})`;
      ctx.lineWidth = 1.5;
    }
    ctx.stroke();
  }
}
