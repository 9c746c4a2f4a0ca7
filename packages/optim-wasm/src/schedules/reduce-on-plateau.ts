import { checkInt, checkNumber, checkRange, scheduleError } from './validate.js';

/** Options of `ReduceLROnPlateau` (PyTorch's scheduler of the same name). */
export interface ReduceLROnPlateauOptions {
  /** The starting lr. */
  lr: number;
  /** 'min': lower metric is better (loss); 'max': higher is better (accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** new lr = max(lr·factor, minLr); in (0, 1). Default 0.1. */
  factor?: number;
  /** Bad steps tolerated before a reduction (reduce when the count exceeds it). Default 10. */
  patience?: number;
  /** Improvement needed to count as better. Default 1e-4. */
  threshold?: number;
  /** 'rel': best·(1 ∓ threshold); 'abs': best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps after a reduction during which bad steps are not counted. Default 0. */
  cooldown?: number;
  /** Floor of the lr. Default 0. */
  minLr?: number;
  /** A reduction smaller than eps is skipped. Default 1e-8. */
  eps?: number;
}

/** Plain JSON data: the options plus the machine's registers. `best` is null before any metric. */
export interface ReduceLROnPlateauState {
  options: Required<ReduceLROnPlateauOptions>;
  lr: number;
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

const OP = 'ReduceLROnPlateau';

/**
 * PyTorch's ReduceLROnPlateau for one lr. Each `step(metric)`:
 *   better = best is none, or metric < best·(1 − threshold) [min, rel] | metric < best − threshold
 *            [min, abs] | metric > best·(1 + threshold) [max, rel] | metric > best + threshold [max, abs];
 *   if better: best = metric, bad = 0, else bad += 1;
 *   if cooldownCounter > 0: cooldownCounter −= 1, bad = 0;
 *   if bad > patience: new = max(lr·factor, minLr), lr = new when lr − new > eps;
 *                      cooldownCounter = cooldown, bad = 0.
 * Returns the lr for the next optimizer steps. Metrics must be finite.
 */
export class ReduceLROnPlateau {
  private readonly opts: Required<ReduceLROnPlateauOptions>;
  private current: number;
  private best: number | null = null;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  private lastEpoch = 0;

  constructor(options: ReduceLROnPlateauOptions) {
    if (options === null || typeof options !== 'object') scheduleError(OP, `options must be an object, got ${String(options)}`);
    const mode = options.mode ?? 'min';
    if (mode !== 'min' && mode !== 'max') scheduleError(OP, `mode must be 'min' or 'max', got ${String(mode)}`);
    const thresholdMode = options.thresholdMode ?? 'rel';
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      scheduleError(OP, `thresholdMode must be 'rel' or 'abs', got ${String(thresholdMode)}`);
    }
    this.opts = {
      lr: checkNumber(OP, 'lr', options.lr),
      mode,
      factor: checkRange(OP, 'factor', options.factor ?? 0.1, 0, 1, true, true),
      patience: checkInt(OP, 'patience', options.patience ?? 10, 0),
      threshold: checkNumber(OP, 'threshold', options.threshold ?? 1e-4),
      thresholdMode,
      cooldown: checkInt(OP, 'cooldown', options.cooldown ?? 0, 0),
      minLr: checkNumber(OP, 'minLr', options.minLr ?? 0),
      eps: checkNumber(OP, 'eps', options.eps ?? 1e-8),
    };
    this.current = this.opts.lr;
  }

  /** A scheduler continuing exactly from `state()` (every field checked). */
  static fromState(state: ReduceLROnPlateauState): ReduceLROnPlateau {
    if (state === null || typeof state !== 'object') scheduleError(OP, `fromState: state must be an object, got ${String(state)}`);
    const s = new ReduceLROnPlateau(state.options);
    s.current = checkNumber(OP, 'state.lr', state.lr);
    if (state.best !== null && (typeof state.best !== 'number' || !Number.isFinite(state.best))) {
      scheduleError(OP, `state.best must be a finite number or null, got ${String(state.best)}`);
    }
    s.best = state.best;
    s.numBadEpochs = checkInt(OP, 'state.numBadEpochs', state.numBadEpochs, 0);
    s.cooldownCounter = checkInt(OP, 'state.cooldownCounter', state.cooldownCounter, 0);
    s.lastEpoch = checkInt(OP, 'state.lastEpoch', state.lastEpoch, 0);
    return s;
  }

  /** The current lr. */
  get lr(): number {
    return this.current;
  }

  /** Everything needed to resume: options, lr, best, counters (plain JSON). */
  state(): ReduceLROnPlateauState {
    return {
      options: { ...this.opts },
      lr: this.current,
      best: this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
    };
  }

  /** Feed one metric (e.g. the validation loss after an epoch); returns the lr to use next. */
  step(metric: number): number {
    if (typeof metric !== 'number' || !Number.isFinite(metric)) {
      scheduleError(OP, `step: metric must be a finite number, got ${String(metric)} (at step ${this.lastEpoch + 1})`);
    }
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else this.numBadEpochs++;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.opts.patience) {
      const next = Math.max(this.current * this.opts.factor, this.opts.minLr);
      if (this.current - next > this.opts.eps) this.current = next;
      this.cooldownCounter = this.opts.cooldown;
      this.numBadEpochs = 0;
    }
    return this.current;
  }

  private isBetter(a: number): boolean {
    const best = this.best;
    if (best === null) return true;
    const { mode, thresholdMode, threshold } = this.opts;
    if (mode === 'min') return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }
}
