import { DescentError } from '../errors.js';

/**
 * A learning-rate schedule: `step` is the number of optimizer steps already taken (0 for the
 * first step), i.e. PyTorch's `last_epoch` when the scheduler is stepped once per optimizer
 * step; the value is the lr to use for the next step.
 */
export type LrSchedule = (step: number) => number;

export function scheduleError(op: string, message: string): never {
  throw new DescentError('schedule', `${op}: ${message}`);
}

/** A finite number >= min (or > min when `strict`); the message names op and field. */
export function checkNumber(op: string, field: string, value: unknown, min = 0, strict = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (strict ? value <= min : value < min)) {
    scheduleError(op, `${field} must be a finite number ${strict ? '>' : '>='} ${min}, got ${String(value)}`);
  }
  return value;
}

/** A finite number in [lo, hi] (endpoints optionally open). */
export function checkRange(op: string, field: string, value: unknown, lo: number, hi: number, openLo = false, openHi = false): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (openLo ? value > lo : value >= lo) &&
    (openHi ? value < hi : value <= hi);
  if (!ok) scheduleError(op, `${field} must be in ${openLo ? '(' : '['}${lo}, ${hi}${openHi ? ')' : ']'}, got ${String(value)}`);
  return value as number;
}

/** An integer >= min. */
export function checkInt(op: string, field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    scheduleError(op, `${field} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Every schedule checks its step: a non-negative integer. */
export function checkStep(op: string, step: unknown): number {
  return checkInt(op, 'step', step, 0);
}
