import { meanPredictorMse, mseInTargetUnits, type Dataset, type Prepared, type TabularEncoding } from '@descent/train';

/** What reading a CSV decided, one line each: the task rule, dropped rows, one-hot columns, the target's scale. */
export function dataNotes(d: Dataset & { droppedLines?: number[] }): string[] {
  const e = d.encoding;
  if (!e) return [];
  const notes = [`data: ${e.taskReason}`];
  const dropped = d.droppedLines?.length ?? 0;
  if (dropped > 0) notes.push(`data: dropped ${dropped} rows with missing cells (first on line ${d.droppedLines![0]}); ${d.n} rows left`);
  const fills = e.columns.filter((c) => c.kind === 'number' && c.fill !== undefined);
  if (fills.length > 0) notes.push(`data: missing cells filled with the training ${e.missing} (${fills.map((c) => `${c.name} ${+(c as { fill: number }).fill.toPrecision(6)}`).join(', ')})`);
  for (const c of e.columns) if (c.kind === 'category') notes.push(`data: one-hot '${c.name}' → ${c.categories.length} columns (${c.categories.join(', ')}); unseen values → all zeros`);
  if (e.target) notes.push(`data: target '${e.label}' standardised on the training rows (mean ${+e.target.mean.toPrecision(6)}, std ${+e.target.std.toPrecision(6)}); MSE is reported in its units`);
  return notes;
}

type Scores = Record<string, number> | null;

/** Regression scores with `mse` in the target's own units and the mean predictor's MSE (`baselineMse`) beside it. */
export function regressionScores(final: Record<string, Scores>, data: Prepared, encoding: TabularEncoding | undefined): Record<string, Scores> {
  const out: Record<string, Scores> = {};
  for (const [split, s] of Object.entries(final)) {
    const rows = split === 'train' ? data.train : split === 'val' ? data.val : split === 'test' ? data.test : null;
    if (!s || s['mse'] === undefined || !rows) {
      out[split] = s;
      continue;
    }
    out[split] = { ...s, mse: mseInTargetUnits(s['mse'], encoding), baselineMse: mseInTargetUnits(meanPredictorMse(data.train.y, rows.y), encoding) };
  }
  return out;
}
