import { keyValues, page, table, type Section } from './html.js';
import { lineChart, type Series } from './svg.js';
import { type EpochMetrics, type TabularEncoding } from '@descent/train';
import { esc, fmtNum } from './svg.js';

/** How the CSV became features (the run's saved encoding): the task rule, each column's encoding, the target's scale. */
function dataSection(e: TabularEncoding): string {
  const rows = e.columns.map((c) => ({
    column: c.name,
    encoding: c.kind === 'number' ? (c.fill !== undefined ? `number; missing → ${fmtNum(c.fill)} (training ${e.missing})` : 'number') : `one-hot: ${c.categories.join(', ')} (unseen → all zeros)`,
  }));
  const target = e.target ? `<p>Target '${esc(e.label)}' standardised on the training rows: mean ${fmtNum(e.target.mean)}, std ${fmtNum(e.target.std)}.</p>` : '';
  const classes = e.classNames ? `<p>Classes: ${e.classNames.map(esc).join(', ')}.</p>` : '';
  return `<p>${esc(e.taskReason)}.</p>${classes}${table(rows, ['column', 'encoding'])}${target}`;
}

export interface TrainSummary {
  runId: string;
  config: Record<string, unknown>;
  epochs: number;
  seconds: number;
  final: Record<string, Record<string, number> | null>;
  bestEpoch?: number | null;
  stoppedEarly?: boolean;
  status?: string;
}

const col = (h: readonly EpochMetrics[], k: keyof EpochMetrics) => h.map((m) => m[k] as number | undefined);

/** Loss, accuracy / MSE and learning-rate figures of a training run, from its history. */
export function trainFigures(history: readonly EpochMetrics[], prefix = ''): string {
  const x = history.map((m) => m.epoch);
  const pair = (a: keyof EpochMetrics, b: keyof EpochMetrics, an: string, bn: string): Series[] => {
    const out: Series[] = [{ name: an, x, y: col(history, a).map((v) => v ?? NaN) }];
    if (history.some((m) => m[b] !== undefined)) out.push({ name: bn, x, y: col(history, b).map((v) => v ?? NaN), dashed: true });
    return out;
  };
  const figs = [lineChart(pair('trainLoss', 'valLoss', 'train', 'validation'), { title: `${prefix}Loss`, xLabel: 'epoch', yLabel: 'loss', logY: true, markers: history.length < 30 })];
  if (history.some((m) => m.trainAccuracy !== undefined)) {
    figs.push(lineChart(pair('trainAccuracy', 'valAccuracy', 'train', 'validation'), { title: `${prefix}Accuracy`, xLabel: 'epoch', yLabel: 'accuracy', markers: history.length < 30 }));
  } else {
    figs.push(lineChart(pair('trainMse', 'valMse', 'train', 'validation'), { title: `${prefix}MSE`, xLabel: 'epoch', yLabel: 'mse', logY: true, markers: history.length < 30 }));
  }
  figs.push(lineChart([{ name: 'lr', x, y: history.map((m) => m.lr) }], { title: `${prefix}Learning rate`, xLabel: 'epoch', yLabel: 'lr', markers: history.length < 30 }));
  return `<div class="figs">${figs.join('\n')}</div>`;
}

/** The HTML report of `descent train`, rendered only from the run's files. */
export function renderTrainReport(config: Record<string, unknown>, history: readonly EpochMetrics[], summary: TrainSummary | null): string {
  const sections: Section[] = [];
  if (summary) {
    const rows = Object.entries(summary.final)
      .filter(([, v]) => v)
      .map(([split, v]) => ({ split, ...v }));
    const notes = [
      summary.status && summary.status !== 'completed' ? `<p>Status: <b>${summary.status}</b></p>` : '',
      summary.stoppedEarly ? `<p>Early stopping: stopped after epoch ${summary.epochs}; best weights from epoch ${summary.bestEpoch} restored.</p>` : '',
    ].join('');
    const regression = rows.some((r) => 'baselineMse' in r);
    const units = regression ? '<p>mse in the target\'s units; baselineMse: the mean predictor (the training mean for every row). loss is the training objective on the standardised target.</p>' : '';
    sections.push({ title: 'Final scores', html: `${table(rows)}${units}${notes}<p>${summary.epochs} epochs in ${summary.seconds.toFixed(1)} s.</p>` });
  }
  const { encoding, ...settings } = config;
  if (encoding) sections.push({ title: 'Data', html: dataSection(encoding as TabularEncoding) });
  sections.push({ title: 'Training curves', html: trainFigures(history) });
  sections.push({ title: 'Per-epoch metrics', html: table(history as unknown as Record<string, unknown>[]) });
  sections.push({ title: 'Configuration', html: keyValues(settings) });
  const name = String(config['name'] ?? 'run');
  return page(`descent train — ${name}`, `seed ${String(config['seed'])} · ${String(config['optimizer'])} · ${String(config['model'])}`, sections);
}
