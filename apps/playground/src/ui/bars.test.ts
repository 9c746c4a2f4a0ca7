// The bias–variance bars carry their labels: each label is drawn centred under its own bar.
import { describe, expect, it } from 'vitest';
import { drawBars } from './bars.js';

/** A 2-D context that records the text it is asked to draw (no DOM). */
function recorder() {
  const texts: { text: string; x: number; y: number }[] = [];
  const noop = () => {};
  const ctx = {
    texts,
    font: '',
    fillStyle: '',
    strokeStyle: '',
    textAlign: 'start',
    clearRect: noop,
    fillRect: noop,
    beginPath: noop,
    moveTo: noop,
    lineTo: noop,
    stroke: noop,
    fillText: (text: string, x: number, y: number) => texts.push({ text, x, y }),
  };
  return ctx;
}

describe('drawBars', () => {
  it('draws every label under its bar and every value above it', () => {
    const ctx = recorder();
    const bars = [
      { label: 'bias²', value: 0.2 },
      { label: 'variance', value: 0.05 },
      { label: 'noise σ²', value: 0.09 },
      { label: 'total', value: 0.34 },
    ];
    const boxes = drawBars(ctx as unknown as CanvasRenderingContext2D, 300, 280, bars, 'degree 3');
    expect(boxes.map((b) => b.label)).toEqual(bars.map((b) => b.label));
    for (const b of boxes) {
      const label = ctx.texts.find((t) => t.text === b.label)!;
      expect(label.x).toBeCloseTo(b.x + b.width / 2, 9);
      expect(label.y).toBeGreaterThan(b.bottom);
    }
    // heights are proportional to the values; the tallest reaches the top of the plot area
    const h = boxes.map((b) => b.bottom - b.top);
    expect(h[0]! / h[3]!).toBeCloseTo(0.2 / 0.34, 9);
    expect(ctx.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['degree 3', '0.2', '0.05', '0.09', '0.34']));
  });
  it('boxes do not overlap', () => {
    const boxes = drawBars(recorder() as unknown as CanvasRenderingContext2D, 300, 280, [1, 2, 3, 4].map((v) => ({ label: String(v), value: v })));
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.width);
  });
});
