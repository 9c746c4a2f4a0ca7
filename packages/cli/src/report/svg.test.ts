import { describe, expect, it } from 'vitest';
import { lineChart, LEGEND_CHAR } from './svg.js';
import { table } from './html.js';

describe('report figures and tables', () => {
  it('a legend of many long names stays inside the chart', () => {
    const series = Array.from({ length: 16 }, (_, i) => ({ name: `lr=0.0${i} batch-size=${2 ** i} weight-decay=0.001`, x: [1, 2, 3], y: [1, 0.5, 0.25 + i / 100] }));
    const svg = lineChart(series, { title: 'Fold scores', xLabel: 'fold', yLabel: 'accuracy' });
    const [, w, h] = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg)!.map(Number);
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="11">([^<]*)<\/text>/g)].filter((m) => m[3]!.startsWith('lr='));
    expect(labels).toHaveLength(16);
    for (const [, x, y, text] of labels) {
      expect(Number(x) + text!.length * LEGEND_CHAR).toBeLessThanOrEqual(w!);
      expect(Number(y)).toBeLessThanOrEqual(h!);
    }
  });

  it('tables print numbers to 4 significant digits and objects as words, never raw JSON', () => {
    const html = table([{ candidate: 'lr=0.01', mean: 0.8416666666666667, folds: [0.8333333333333334, 0.85], best: { mean: 0.8416666666666667, std: 0.023570226039551608 } }]);
    expect(html).toContain('<td>0.8417</td>');
    expect(html).toContain('<td>0.8333, 0.85</td>');
    expect(html).toContain('<td>mean 0.8417, std 0.02357</td>');
    expect(html).not.toMatch(/\d\.\d{6,}|\{|&quot;/);
  });
});
