// How divergence ends a run: a non-finite loss, gradient, parameter or end-of-epoch figure stops
// it with a stopReason and one message that says where, what is kept and what to try.
import { DescentError } from '@descent/optim-wasm';
import type { EpochRecord, StopReason } from './types.js';

export type Stop = { reason: StopReason; message?: string; error?: DescentError };

/** The stop of a step whose loss, gradient or update was non-finite (epoch and batch 0-based). */
export function nonFiniteStep(reason: StopReason, value: number, epoch: number, batch: number, steps: number, lr: number, restored: boolean): Stop {
  const what =
    reason === 'non-finite-loss'
      ? `non-finite loss: the loss is ${value}`
      : reason === 'non-finite-gradient'
        ? `non-finite gradient: the loss is ${value} but a gradient is inf/NaN`
        : `non-finite parameters: the optimizer step produced inf/NaN parameters (the update overflowed)${restored ? ' and was undone' : ''}`;
  const kept =
    reason === 'non-finite-parameters' && !restored
      ? 'the parameters are NOT a good state (guardParameters is off)'
      : `parameters and optimizer state are kept from step ${steps}`;
  const message = `fit: training stopped in epoch ${epoch + 1}, batch ${batch + 1} (counted from 1; after ${steps} steps, lr ${lr}): ${what}; ${kept}; lower the learning rate (\`lr\`), clip gradients (\`gradClip\`) or check the data`;
  return { reason, message, error: new DescentError('non-finite', message) };
}

/** The stop of an epoch that ended with a non-finite train or validation figure, or undefined. */
export function nonFiniteRecord(record: EpochRecord, lr: number): Stop | undefined {
  const bad = (['trainLoss', 'valLoss', 'valMse'] as const).find((k) => record[k] !== undefined && !Number.isFinite(record[k]));
  if (!bad) return undefined;
  const message = `fit: non-finite ${bad}: epoch ${record.epoch} ended with ${bad} ${record[bad]} (after ${record.steps} steps, lr ${lr}); the parameters are finite but no longer a good state; lower the learning rate (\`lr\`), clip gradients (\`gradClip\`) or check the data`;
  return { reason: 'non-finite-evaluation', message, error: new DescentError('non-finite', message) };
}
