import { DescentError, ReduceLROnPlateau, type ReduceLROnPlateauOptions, type ReduceLROnPlateauState } from '@descent/optim-wasm';
import type { EpochRecord } from './types.js';

/**
 * How fit picks the learning rate of each step: the ONE mechanism behind per-step schedules,
 * per-epoch schedules and reduce-on-plateau. Before every step fit asks `lr(t, base)` with
 * t = steps taken (`every: 'step'`) or t = the epoch index (`every: 'epoch'`, PyTorch's
 * scheduler.step() once per epoch); `base` is the optimizer's lr (or what a callback set with
 * `setLr`). After every epoch `endEpoch(record)` sees the record (plateau machines). Each param
 * group's own lr is scaled by lr ÷ base (see `lrOptions`). `state`/`restore` carry a stateful
 * plan through a checkpoint.
 */
export interface LrPlan {
  readonly every: 'step' | 'epoch';
  /** The lr of step `t` (every 'step') or epoch `t` (every 'epoch'), given the base lr. */
  lr(t: number, base: number): number;
  /** Sees each finished epoch's record (plateau machines update here). */
  endEpoch?(record: EpochRecord): void;
  /** A stateful plan's state as JSON, saved with a checkpoint. */
  state?(): unknown;
  /** Continue from what `state()` returned. */
  restore?(state: unknown): void;
}

/** fit's `schedule` option: a per-step `(stepsTaken) => lr` or a plan. */
export type FitSchedule = ((step: number) => number) | LrPlan;

export function asPlan(s: FitSchedule): LrPlan {
  if (typeof s === 'function') return { every: 'step', lr: (t) => s(t) };
  if (s === null || typeof s !== 'object' || typeof s.lr !== 'function' || (s.every !== 'step' && s.every !== 'epoch')) {
    throw new DescentError('bad-arg', "fit: schedule must be (step) => lr or a plan { every: 'step' | 'epoch', lr(t, base) }");
  }
  return s;
}

/**
 * A per-epoch schedule `(epoch) => lr` (PyTorch's scheduler.step() after each epoch): every step of
 * epoch e uses schedule(e).
 *
 * @example fit(model, data, { ..., schedule: epochSchedule(cosineAnnealingLr({ lr: 0.1, tMax: 20 })) })
 */
export function epochSchedule(schedule: (epoch: number) => number): LrPlan {
  return { every: 'epoch', lr: (e) => schedule(e) };
}

/** The epoch-record figure a reduce-on-plateau plan watches. */
export type Monitor = 'valLoss' | 'valAccuracy' | 'valMse' | 'trainLoss' | 'trainAccuracy';

/** The monitored number of a record, or a DescentError naming what is missing. */
export function monitored(record: EpochRecord, monitor: Monitor, op: string): number {
  const v = record[monitor];
  if (typeof v !== 'number') {
    throw new DescentError('bad-arg', `${op}: the history has no '${monitor}' at epoch ${record.epoch} (pass validation data to fit, or monitor 'trainLoss')`);
  }
  return v;
}

export function defaultMode(monitor: Monitor): 'min' | 'max' {
  return monitor.endsWith('ccuracy') ? 'max' : 'min';
}

/**
 * PyTorch's ReduceLROnPlateau as a plan: lr starts at the base lr and is multiplied by `factor`
 * after `patience` epochs without improvement of `monitor` (default 'valLoss'). A non-finite
 * figure is not fed (fit stops on it anyway).
 *
 * @example fit(model, data, { ..., validation: val, schedule: reduceLrOnPlateau({ patience: 3, factor: 0.5 }) })
 */
export function reduceLrOnPlateau(
  options: Omit<ReduceLROnPlateauOptions, 'lr' | 'mode'> & { monitor?: Monitor; mode?: 'min' | 'max' } = {},
): LrPlan & {
  /**
   * The plateau state machine (regularize's ReduceLROnPlateau), made on the first lr request;
   * undefined before.
   */
  readonly machine: () => ReduceLROnPlateau | undefined;
} {
  const { monitor: m, mode, ...rest } = options;
  const monitor = m ?? 'valLoss';
  let machine: ReduceLROnPlateau | undefined;
  return {
    every: 'epoch',
    machine: () => machine,
    lr(_t, base) {
      machine ??= new ReduceLROnPlateau({ ...rest, lr: base, mode: mode ?? defaultMode(monitor) });
      return machine.lr;
    },
    endEpoch(record) {
      const v = monitored(record, monitor, 'reduceLrOnPlateau');
      if (machine && Number.isFinite(v)) machine.step(v);
    },
    state: () => machine?.state() ?? null,
    restore(s) {
      machine = s ? ReduceLROnPlateau.fromState(s as ReduceLROnPlateauState) : undefined;
    },
  };
}
