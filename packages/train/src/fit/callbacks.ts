import { EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState, type Snapshottable } from '@descent/regularize';
import type { Model } from './model.js';
import { defaultMode, monitored, type Monitor } from './schedule.js';
import type { Callback, EpochRecord, FitContext, ProgressEvent } from './types.js';

/** regularize's EarlyStopping snapshots `namedParameters()`/`namedBuffers()`; plain models get indices. */
function snapshottable(model: Model): Snapshottable {
  const m = model as Model & Partial<Snapshottable>;
  if (typeof m.namedParameters === 'function') return m as Snapshottable;
  return { namedParameters: () => model.parameters().map((p, i) => [`param${i}`, p] as const) };
}

/**
 * The callback `earlyStopping` returns: fit's hooks around regularize's EarlyStopping state
 * machine, which it exposes.
 */
export interface EarlyStoppingCallback extends Callback {
  /** The state machine (best value, best epoch, stopped epoch, wait history). */
  readonly state: EarlyStopping;
}

/**
 * Stop when `monitor` (default 'valLoss') has not improved for `patience` epochs — regularize's
 * EarlyStopping (Keras 3's rule) fed once per epoch. With `restoreBestWeights` the best
 * parameters and buffers are copied back when training ends, stopped early or not.
 *
 * @example fit(model, train, { ..., validation: val, callbacks: [earlyStopping({ patience: 5, restoreBestWeights: true })] })
 */
export function earlyStopping(options: Omit<EarlyStoppingOptions, 'monitor'> & { monitor?: Monitor } = {}): EarlyStoppingCallback {
  const monitor = options.monitor ?? 'valLoss';
  const state = new EarlyStopping({ ...options, monitor, mode: options.mode ?? defaultMode(monitor) });
  let first = 0;
  return {
    state,
    onTrainBegin(ctx) {
      state.reset();
      first = ctx.epoch;
    },
    onEpochEnd(ctx: FitContext, record: EpochRecord) {
      if (state.update(monitored(record, monitor, 'earlyStopping'), snapshottable(ctx.model))) {
        ctx.stop(`early stopping: '${monitor}' did not improve for ${state.patience} epochs (best ${state.best} at epoch ${state.bestEpoch + first})`);
      }
    },
    onTrainEnd(ctx: FitContext) {
      if (state.finish(snapshottable(ctx.model))) for (const p of ctx.model.parameters()) p.markModified();
    },
    saveState() {
      const { snapshot, ...counters } = state.saveState();
      const tensors = (snapshot ?? []).map(([name, v]) => ({ name, shape: [v.length], data: Float32Array.from(v) }));
      return { meta: { ...counters, first, snapshot: snapshot !== null }, tensors };
    },
    loadState({ meta, tensors }) {
      const m = meta as Omit<EarlyStoppingState, 'snapshot'> & { first: number; snapshot: boolean };
      first = m.first;
      state.loadState({ ...m, snapshot: m.snapshot ? tensors.map((t) => [t.name, t.data] as [string, Float32Array]) : null });
    },
  };
}

export type { ProgressEvent } from './types.js';

/** Progress hooks for a UI: `onBatch` after every optimizer step, `onEpoch` after every epoch; each event can `stop()` training. */
export function progress(hooks: { onBatch?: (e: ProgressEvent) => void; onEpoch?: (e: ProgressEvent) => void }): Callback {
  const stopper = (ctx: FitContext) => (reason?: string) => ctx.stop(reason ?? 'stopped from a progress hook');
  return {
    onBatchEnd(ctx, b) {
      hooks.onBatch?.({
        epoch: ctx.epoch,
        epochs: ctx.epochs,
        step: ctx.step,
        batch: b.batch,
        batchesPerEpoch: ctx.batchesPerEpoch,
        loss: b.loss,
        lr: b.lr,
        metrics: { batch: b.batch, size: b.size },
        stop: stopper(ctx),
      });
    },
    onEpochEnd(ctx, r) {
      const metrics: Record<string, number> = {};
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number') metrics[k] = v;
      hooks.onEpoch?.({
        epoch: r.epoch,
        epochs: ctx.epochs,
        step: ctx.step,
        batch: ctx.batchesPerEpoch,
        batchesPerEpoch: ctx.batchesPerEpoch,
        loss: r.trainLoss,
        lr: r.lr,
        metrics,
        stop: stopper(ctx),
      });
    },
  };
}
