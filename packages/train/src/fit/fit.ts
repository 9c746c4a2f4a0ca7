import type { FitData, Model } from './model.js';
import { FitSession } from './session.js';
import type { FitOptions, FitResult } from './types.js';

/**
 * Train `model` on `data` with mini-batch gradient descent: the one training loop of descent (the
 * CLI and the playground run it too, through a `FitSession` built from their config).
 *
 * Each step, inside one memory scope:
 *   (x, y) ← transforms(x_B, y_B)   (augmentation, Mixup/CutMix soft targets; train only),
 *   θ̃ = θ + weight noise (if set; removed bit-exactly before the update),
 *   g = ∇_θ̃ [ ℓ(model(x), y) + penalty(model) ],  (optionally clipped),
 *   θ, state ← optimizer.step(θ, g, state, lr_t)      — ONE fused kernel call per param group,
 * ℓ is the cross-entropy (label smoothing ε, or soft targets), the MSE or a custom loss.
 *
 * Semantics, chosen once (docs/training.md):
 * - **Learning rate.** `schedule` is the one mechanism: a per-step `(t) => lr` (t = steps taken),
 *   `epochSchedule(fn)` (every step of epoch e uses fn(e)) or `reduceLrOnPlateau(…)` (fed each
 *   epoch's record). Each param group's own lr is scaled by lr_t ÷ the optimizer's lr, as PyTorch's
 *   schedulers do. Without a schedule the base lr is used (callbacks may `setLr`).
 * - **Randomness.** Streams forked from `seed`: 'fit/shuffle' (epoch e's order: fork('epoch/e')),
 *   'fit/transforms' (transform i, epoch e, batch b), 'fit/weightNoise' ('e/b') and 'fit/dropout'
 *   ('e/b', then module i: every module holding an `rng`, such as regularize's Dropout, is pointed
 *   at it before the step). Every draw depends only on (seed, epoch, batch), so a run resumed from
 *   any step (`FitSession.checkpoint/restore`) continues bit-identically.
 * - **trainLoss** is the mean of the batch objectives over the epoch's rows as the steps computed
 *   them (train mode; Keras' `loss`), `trainAccuracy` the fraction of those rows the batch outputs
 *   got right. The validation set (if any) is evaluated after each epoch in eval mode.
 * - **Divergence** never throws: a non-finite loss or gradient stops before the update; an update
 *   that makes θ non-finite is undone (`guardParameters`, default on); parameters and optimizer
 *   state are those of the last good step. A non-finite end-of-epoch figure (trainLoss, valLoss,
 *   valMse) stops after that epoch, which is recorded. `stopReason` says which ('non-finite-loss',
 *   '-gradient', '-parameters', '-evaluation') and `error` is a DescentError saying where.
 *
 * @example
 * const result = fit(model, train, { optimizer: adam({ lr: 1e-3 }), epochs: 20, batchSize: 32, seed: 0, validation: val });
 */
export function fit(model: Model, data: FitData, options: FitOptions): FitResult {
  return new FitSession(model, data, options).run();
}
