// The batch-size view's run: @descent/train's runBatchSizeView — the function
// `descent experiment batch-size --batch-sizes …` runs — on the view's settings, as the rows the view draws.
import { runBatchSizeView } from '@descent/train';
import type { SharpnessConfig } from '../config.js';
import type { FromWorker } from '../protocol.js';
import { batchSizeViewSettings } from '../view-configs.js';

export function runSharpness(c: SharpnessConfig): Omit<Extract<FromWorker, { type: 'sharpness-result' }>, 'type' | 'runId'> {
  const r = runBatchSizeView(batchSizeViewSettings(c));
  return {
    runs: r.rows.map((row) => ({
      batch: row.batch,
      full: row.batchSize === 'full',
      epochs: row.epochs,
      steps: row.steps,
      reachedTarget: row.reachedTarget ?? false,
      trainLoss: row.trainLoss,
      testLoss: row.testLoss,
      trainAcc: row.trainAccuracy,
      testAcc: row.testAccuracy,
      sharpness: row.sharpness,
      lambdaMax: row.lambdaMax,
    })),
    line: r.line,
    note: r.note ?? null,
  };
}
