import { DescentError } from '@descent/optim-wasm';
import { restoreSnapshot, takeSnapshot, type Snapshot, type Snapshottable } from './snapshot.js';

/** Whether the monitored figure improves downwards ('min', a loss) or upwards ('max', an accuracy). */
export type EarlyStoppingMode = 'min' | 'max';

/**
 * `keras3`: Keras 3's `keras.callbacks.EarlyStopping` (also recent tf.keras): an improving epoch
 * never triggers a stop. `tfkeras-legacy`: older tf.keras (2.x), which also checks for a stop in
 * improving epochs — it differs only for `patience: 0` (stops at epoch 1 on a steady descent)
 * and with a `baseline` that an improving epoch does not beat.
 */
export type EarlyStoppingRule = 'keras3' | 'tfkeras-legacy';

/** Options of `EarlyStopping` (Keras's callback of the same name). */
export interface EarlyStoppingOptions {
  /** 'min' (a loss, default) or 'max' (an accuracy). */
  mode?: EarlyStoppingMode;
  /** Epochs without improvement tolerated before stopping (default 0). */
  patience?: number;
  /** An improvement must beat the best by more than |minDelta| (default 0: strictly better). */
  minDelta?: number;
  /** Until the monitored value beats this, `wait` keeps counting from epoch 0 (default null). */
  baseline?: number | null;
  /** Epochs before this one are ignored entirely (warm-up; default 0). */
  startFromEpoch?: number;
  /** Keep a copy of the best parameters and buffers; `finish(model)` puts them back (default false). */
  restoreBestWeights?: boolean;
  /** Decision rule, default 'keras3' (see `EarlyStoppingRule`). */
  rule?: EarlyStoppingRule;
  /** Name of the monitored metric, informational (default 'val_loss'). */
  monitor?: string;
}

/** What `EarlyStopping.saveState()` returns: JSON counters plus the best weights (named arrays). */
export interface EarlyStoppingState {
  wait: number;
  best: number | null;
  bestEpoch: number;
  stoppedEpoch: number | null;
  waitHistory: number[];
  epoch: number;
  snapshot: [string, Float32Array | Float64Array][] | null;
}

/**
 * Early stopping as a state machine over a monitored metric, Keras 3's rule exactly:
 *
 * ```
 * improves(cur, ref) = ref == null  or  (min: cur + |δ| < ref;  max: cur − |δ| > ref)
 * each epoch e ≥ startFromEpoch with value cur:
 *   wait += 1
 *   if improves(cur, best): best = cur, bestEpoch = e (snapshot the weights);
 *       if baseline == null or improves(cur, baseline): wait = 0
 *       continue                        // keras3: an improving epoch never stops
 *   if wait ≥ patience and e > 0: stop at e
 * ```
 * Equality is not an improvement. Epochs are 0-based. With `restoreBestWeights` the snapshot
 * holds parameters AND buffers (BatchNorm running statistics), taken on the first processed epoch
 * and on every improvement; `finish(model)` restores it whether or not training stopped early.
 *
 * @example
 * const es = new EarlyStopping({ patience: 3, restoreBestWeights: true });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   trainOneEpoch(model);
 *   if (es.update(validationLoss(model), model)) break;
 * }
 * es.finish(model); // best weights back in the model
 */
export class EarlyStopping {
  readonly mode: EarlyStoppingMode;
  readonly patience: number;
  readonly minDelta: number;
  readonly baseline: number | null;
  readonly startFromEpoch: number;
  readonly restoreBestWeights: boolean;
  readonly rule: EarlyStoppingRule;
  readonly monitor: string;

  /** Epochs processed since the last reset of the counter (Keras `wait`). */
  wait = 0;
  /** Best monitored value so far (null before the first processed epoch). */
  best: number | null = null;
  /** Epoch of `best` (0 before any). */
  bestEpoch = 0;
  /** Epoch at which a stop was decided, or null. */
  stoppedEpoch: number | null = null;
  /** `wait` after each processed epoch, for inspection and tests. */
  readonly waitHistory: number[] = [];
  private epoch = 0;
  private snapshot: Snapshot | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    const op = 'EarlyStopping';
    this.mode = options.mode ?? 'min';
    if (this.mode !== 'min' && this.mode !== 'max') throw new DescentError('value', `${op}: mode must be 'min' or 'max', got '${String(this.mode)}'`);
    this.patience = options.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new DescentError('value', `${op}: patience must be a non-negative integer, got ${this.patience}`);
    this.minDelta = Math.abs(options.minDelta ?? 0);
    if (!Number.isFinite(this.minDelta)) throw new DescentError('value', `${op}: minDelta must be finite, got ${options.minDelta}`);
    this.baseline = options.baseline ?? null;
    if (this.baseline !== null && !Number.isFinite(this.baseline)) throw new DescentError('value', `${op}: baseline must be a finite number or null, got ${this.baseline}`);
    this.startFromEpoch = options.startFromEpoch ?? 0;
    if (!Number.isInteger(this.startFromEpoch) || this.startFromEpoch < 0) throw new DescentError('value', `${op}: startFromEpoch must be a non-negative integer, got ${this.startFromEpoch}`);
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.rule = options.rule ?? 'keras3';
    if (this.rule !== 'keras3' && this.rule !== 'tfkeras-legacy') throw new DescentError('value', `${op}: rule must be 'keras3' or 'tfkeras-legacy', got '${String(this.rule)}'`);
    this.monitor = options.monitor ?? 'val_loss';
  }

  /** True once a stop was decided. */
  get shouldStop(): boolean {
    return this.stoppedEpoch !== null;
  }

  /** The next epoch index `update` will assign. */
  get nextEpoch(): number {
    return this.epoch;
  }

  /** Keras' `_is_improvement`: strictly better than `ref` by more than |minDelta|. */
  improves(cur: number, ref: number | null): boolean {
    if (ref === null) return true;
    return this.mode === 'min' ? cur + this.minDelta < ref : cur - this.minDelta > ref;
  }

  /**
   * Feed the monitored value of the next epoch (0-based, counted here). `model` (anything with
   * `namedParameters()`, optionally `namedBuffers()`) is needed with `restoreBestWeights`.
   * Returns true when training should stop now. Updates after a stop are an error.
   */
  update(value: number, model?: Snapshottable): boolean {
    const op = 'EarlyStopping.update';
    if (typeof value !== 'number' || Number.isNaN(value)) throw new DescentError('value', `${op}: monitored value '${this.monitor}' must be a number, got ${value}`);
    if (this.stoppedEpoch !== null) throw new DescentError('state', `${op}: training already stopped at epoch ${this.stoppedEpoch}; call reset() to reuse`);
    if (this.restoreBestWeights && !model) throw new DescentError('value', `${op}: restoreBestWeights needs the model passed to update(value, model)`);
    const epoch = this.epoch++;
    if (epoch < this.startFromEpoch) return false;
    if (this.restoreBestWeights && this.snapshot === null) {
      // Keras: before any improvement, the current weights are the best.
      this.snapshot = takeSnapshot(model!);
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    let improved = false;
    if (this.improves(value, this.best)) {
      improved = true;
      this.best = value;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.snapshot = takeSnapshot(model!);
      if (this.baseline === null || this.improves(value, this.baseline)) this.wait = 0;
    }
    this.waitHistory.push(this.wait);
    if (improved && this.rule === 'keras3') return false;
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      return true;
    }
    return false;
  }

  /**
   * End of training: with `restoreBestWeights`, copy the best snapshot back into `model`
   * (parameters and buffers, bit-exact), also when training ran out of epochs without stopping.
   * Returns true when weights were restored.
   */
  finish(model?: Snapshottable): boolean {
    if (!this.restoreBestWeights || this.snapshot === null) return false;
    if (!model) throw new DescentError('value', 'EarlyStopping.finish: restoreBestWeights needs the model to restore into');
    restoreSnapshot(model, this.snapshot);
    return true;
  }

  /** Plain data that resumes this machine bit-identically (checkpoints): the counters and the best snapshot. */
  saveState(): EarlyStoppingState {
    return {
      wait: this.wait,
      best: this.best,
      bestEpoch: this.bestEpoch,
      stoppedEpoch: this.stoppedEpoch,
      waitHistory: [...this.waitHistory],
      epoch: this.epoch,
      snapshot: this.snapshot ? [...this.snapshot].map(([name, v]) => [name, v.slice()]) : null,
    };
  }

  /** Continue from `saveState()` of a machine with the same options. */
  loadState(s: EarlyStoppingState): void {
    this.wait = s.wait;
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.stoppedEpoch = s.stoppedEpoch;
    this.waitHistory.length = 0;
    this.waitHistory.push(...s.waitHistory);
    this.epoch = s.epoch;
    this.snapshot = s.snapshot ? new Map(s.snapshot.map(([name, v]) => [name, v.slice()])) : null;
  }

  /** Back to the initial state (Keras `on_train_begin`). */
  reset(): void {
    this.wait = 0;
    this.best = null;
    this.bestEpoch = 0;
    this.stoppedEpoch = null;
    this.waitHistory.length = 0;
    this.epoch = 0;
    this.snapshot = null;
  }
}
