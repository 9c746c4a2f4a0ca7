// `descent experiment batch-size --batch-sizes 8,full …`: the playground's batch-size view from
// the terminal. The engine is @descent/train's runBatchSizeView, the very function the
// playground's worker runs, so every row (steps, losses, ε-sharpness, λmax) and the line between
// the solutions match it bit for bit (--json prints them all).
import { BATCH_SIZE_VIEW_DEFAULTS, parseHidden, runBatchSizeView, type BatchSizeViewSettings } from '@descent/train';
import { usageError } from '../errors.js';
import { numberFlag } from '../config/options.js';
import type { CollectedArtifacts } from './context.js';
import type { ExperimentResult } from '../report/results.js';

/** The view's flags as commander hands them over (strings). */
export interface BatchSizeViewFlags {
  batchSizes?: string;
  dataset?: string;
  samples?: string;
  noise?: string;
  model?: string;
  lr?: string;
  momentum?: string;
  targetLoss?: string;
  maxEpochs?: string;
  epsilon?: string;
}

/** Flags only the view takes (without --batch-sizes they are a usage error). */
export const BATCH_SIZE_VIEW_ONLY = ['target-loss', 'max-epochs', 'epsilon'] as const;

/** Settings from the flags; missing ones take the view's defaults (`--model mlp:32-32`, ReLU). */
export function batchSizeViewSettings(f: BatchSizeViewFlags, seed: number): BatchSizeViewSettings {
  const D = BATCH_SIZE_VIEW_DEFAULTS;
  const batchSizes = (f.batchSizes ?? '').split(',').map((b) => {
    const t = b.trim();
    if (t === 'full') return 'full' as const;
    const v = Number(t);
    if (t === '' || !Number.isInteger(v) || v < 1) throw usageError(`--batch-sizes: expected whole numbers >= 1 or 'full', comma-separated, got "${f.batchSizes}"`);
    return v;
  });
  if (batchSizes.length !== 2) throw usageError(`--batch-sizes: expected two batch sizes (small,large), got "${f.batchSizes}"`);
  const maxEpochs = numberFlag('max-epochs', f.maxEpochs, D.maxEpochs);
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) throw usageError(`--max-epochs: expected a positive integer, got "${f.maxEpochs}"`);
  const model = f.model ?? `mlp:${D.hidden.join('-')}`;
  const hidden = parseHidden(model);
  return {
    dataset: f.dataset ?? D.dataset,
    samples: numberFlag('samples', f.samples, D.samples),
    noise: numberFlag('noise', f.noise, D.noise),
    hidden,
    lr: numberFlag('lr', f.lr, D.lr),
    momentum: numberFlag('momentum', f.momentum, D.momentum),
    batchSizes,
    targetLoss: numberFlag('target-loss', f.targetLoss, D.targetLoss),
    maxEpochs,
    epsilon: numberFlag('epsilon', f.epsilon, D.epsilon),
    seed,
  };
}

/** One line per batch size: what the view's table shows. */
export function batchSizeViewSummary(r: ReturnType<typeof runBatchSizeView>, s: BatchSizeViewSettings): string {
  return r.rows
    .map((row) => `batch ${row.batch}${row.batchSize === 'full' ? ' (full)' : ''}: ε-sharpness ${row.sharpness.toPrecision(4)} % (ε = ${s.epsilon}), λmax ${row.lambdaMax.toPrecision(4)}, ${row.steps} steps in ${row.epochs} epochs, train loss ${row.trainLoss.toPrecision(4)}, test loss ${row.testLoss.toPrecision(4)}${row.reachedTarget ? '' : ` (target ${s.targetLoss} not reached)`}`)
    .join('\n');
}

/** One run of the view: rows per batch size; --json adds `settings` and the `line` between the solutions. */
export function batchSizeViewExperiment(s: BatchSizeViewSettings): { result: ExperimentResult; artifacts: CollectedArtifacts; summary: string } {
  const r = runBatchSizeView(s);
  const model = `mlp 2-${s.hidden.join('-')}-2`;
  const result: ExperimentResult = {
    experiment: 'batch-size',
    title: "Experiment: batch size and sharpness (the playground's view)",
    results: r.rows.map((row) => ({ ...row })),
    figures: [
      { type: 'line', title: 'Loss along θ(α) = (1 − α)·θ_small + α·θ_large', xLabel: 'α', yLabel: 'loss', series: [
        { name: 'train', x: r.line.alpha, y: r.line.train },
        { name: 'test', x: r.line.alpha, y: r.line.test, dashed: true },
      ] },
    ],
    notes: [
      `The playground's batch-size view: ${s.dataset} (n = ${s.samples}, noise ${s.noise}, seed ${s.seed}, 30 % test), ${model} ReLU from one initialisation, SGD lr ${s.lr} momentum ${s.momentum} at batch sizes ${s.batchSizes.join(' and ')}, each until the training loss < ${s.targetLoss} (at most ${s.maxEpochs} epochs); ε-sharpness with ε = ${s.epsilon}.`,
      ...(r.note ? [r.note] : []),
    ],
    data: { settings: s, line: r.line },
  };
  const tag = { experiment: 'batch-size', seed: s.seed };
  return { result, artifacts: { metrics: r.rows.map((row) => ({ ...tag, phase: 'batch-size-view', ...row })), checkpoints: [] }, summary: batchSizeViewSummary(r, s) };
}
