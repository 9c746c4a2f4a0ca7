import { keyValues, page, table, type Section } from './html.js';
import { barChart, contourChart, lineChart, type Series } from './svg.js';

/** A figure as data (kept in results.json, drawn as SVG when the report is rendered). */
export type Figure =
  | { type: 'line'; title: string; xLabel: string; yLabel: string; logY?: boolean; logX?: boolean; markers?: boolean; series: Series[] }
  | { type: 'bar'; title: string; yLabel: string; bars: { label: string; value: number; err?: number }[] }
  | {
      type: 'contour';
      title: string;
      grid: { xs: number[]; ys: number[]; values: number[] };
      paths: { name: string; points: [number, number][] }[];
    };

/** What every experiment (and cv / ensemble) produces: rows for --json and a report's data. */
export interface ExperimentResult {
  experiment: string;
  title: string;
  results: Record<string, unknown>[];
  figures: Figure[];
  notes: string[];
  /** Extra fields printed with --json (e.g. cv's best candidate and test score). */
  extra?: Record<string, unknown>;
  /** Bulk data printed with --json and kept in results.json, not drawn in the report (e.g. the race's trajectories). */
  data?: Record<string, unknown>;
}

export function drawFigure(f: Figure): string {
  switch (f.type) {
    case 'line':
      return lineChart(f.series, { title: f.title, xLabel: f.xLabel, yLabel: f.yLabel, logY: f.logY, logX: f.logX, markers: f.markers });
    case 'bar':
      return barChart(f.bars, { title: f.title, xLabel: '', yLabel: f.yLabel });
    case 'contour':
      return contourChart(f.grid, f.paths, { title: f.title });
  }
}

export function resultSections(r: ExperimentResult, withTitle = false): Section[] {
  const notes = r.notes.map((n) => `<p>${n.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('');
  const figs = `<div class="figs">${r.figures.map(drawFigure).join('\n')}</div>`;
  const extra = r.extra ? keyValues(r.extra) : '';
  const prefix = withTitle ? `${r.title}: ` : '';
  return [
    { title: `${prefix}figures`, html: `${notes}${figs}` },
    { title: `${prefix}results`, html: `${table(r.results)}${extra}` },
  ];
}

/** The report of one or several experiments, rendered only from results.json and config.json. */
export function renderResults(config: Record<string, unknown>, results: readonly ExperimentResult[]): string {
  const sections: Section[] = results.flatMap((r) => resultSections(r, results.length > 1));
  sections.push({ title: 'Configuration', html: keyValues(config) });
  const title = results.length === 1 ? results[0]!.title : `descent experiments (${results.map((r) => r.experiment).join(', ')})`;
  return page(title, `seed ${String(config['seed'] ?? 0)} · descent ${String(config['kind'] ?? '')}`, sections);
}

/** The --json object of an experiment: {experiment, results, ...extra}. */
export function jsonOf(r: ExperimentResult): Record<string, unknown> {
  return { experiment: r.experiment, results: r.results, ...(r.extra ?? {}), ...(r.data ?? {}) };
}
