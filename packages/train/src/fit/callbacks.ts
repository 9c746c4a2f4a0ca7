import { DescentError, ReduceLROnPlateau, type ReduceLROnPlateauOptions } from '@descent/optim-wasm';
import { EarlyStopping, type EarlyStoppingOptions, type Snapshottable } from '@descent/regularize';
import type { Model } from './model.js';
import type { Callback, EpochRecord, FitContext, ProgressEvent } from './types.js';

/** A number-valued field of the history that callbacks can watch. */
export type Monitor = 'valLoss' | 'valAccuracy' | 'valMse' | 'trainLoss' | 'trainAccuracy';

function monitored(record: EpochRecord, monitor: Monitor, op: string): number {
  const v = record[monitor];
  if (typeof v !== 'number') {
    throw new DescentError('bad-arg', `${op}: the history has no '${monitor}' at epoch ${record.epoch} (pass validation data to fit, or monitor 'trainLoss')`);
  }
  return v;
}

function defaultMode(monitor: Monitor): 'min' | 'max' {
  return monitor.endsWith('ccuracy') ? 'max' : 'min';
}

/** regularize's EarlyStopping snapshots `namedParameters()`/`namedBuffers()`; plain models get indices. */
function snapshottable(model: Model): Snapshottable {
  const m = model as Model & Partial<Snapshottable>;
  if (typeof m.namedParameters === 'function') return m as Snapshottable;
  return { namedParameters: () => model.parameters().map((p, i) => [`param${i}`, p] as const) };
}

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
  };
}

/**
 * PyTorch's ReduceLROnPlateau as a callback: after each epoch the monitored value (default
 * 'valLoss') is fed to the state machine, which starts from the fit loop's lr and lowers it by
 * `factor` after `patience` epochs without improvement.
 */
export function reduceLrOnPlateau(options: Omit<ReduceLROnPlateauOptions, 'lr' | 'mode'> & { monitor?: Monitor; mode?: 'min' | 'max' } = {}): Callback & { readonly machine: () => ReduceLROnPlateau | undefined } {
  const monitor = options.monitor ?? 'valLoss';
  let machine: ReduceLROnPlateau | undefined;
  return {
    machine: () => machine,
    onTrainBegin(ctx) {
      const { monitor: _m, ...rest } = options;
      machine = new ReduceLROnPlateau({ ...rest, lr: ctx.lr, mode: options.mode ?? defaultMode(monitor) });
    },
    onEpochEnd(ctx, record) {
      ctx.setLr(machine!.step(monitored(record, monitor, 'reduceLrOnPlateau')));
    },
  };
}

/** Set the base lr at the start of each epoch from `schedule(epoch)` (a per-epoch schedule). */
export function epochSchedule(schedule: (epoch: number) => number): Callback {
  return { onEpochBegin: (ctx) => ctx.setLr(schedule(ctx.epoch)) };
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
