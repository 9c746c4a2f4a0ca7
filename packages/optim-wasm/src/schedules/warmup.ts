import { checkInt, checkRange, checkStep, scheduleError, type LrSchedule } from './validate.js';

/**
 * Linear warmup in front of any schedule. With f(t) = startFactor + (1 − startFactor)·t/warmupSteps:
 * - `shift: true` (default): lr_t = schedule(0)·f(t) for t < warmupSteps, then
 *   schedule(t − warmupSteps) — the schedule starts after the warmup. This is PyTorch's
 *   SequentialLR([LinearLR(startFactor, 1, warmupSteps), schedule], milestones=[warmupSteps]).
 * - `shift: false`: lr_t = schedule(t)·f(min(t, warmupSteps)) — the factor multiplies the running
 *   schedule (PyTorch's ChainedScheduler of LinearLR and the schedule).
 * Default startFactor = 0 (lr 0 on the very first step, as in most "linear warmup" recipes).
 */
export function linearWarmup(
  schedule: LrSchedule,
  opts: { warmupSteps: number; startFactor?: number; shift?: boolean },
): LrSchedule {
  const op = 'linearWarmup';
  if (typeof schedule !== 'function') scheduleError(op, `schedule must be a function (step) => lr, got ${typeof schedule}`);
  const warmupSteps = checkInt(op, 'warmupSteps', opts.warmupSteps, 0);
  const startFactor = checkRange(op, 'startFactor', opts.startFactor ?? 0, 0, 1);
  const shift = opts.shift ?? true;
  const factor = (t: number) => startFactor + ((1 - startFactor) * t) / warmupSteps;
  return (step) => {
    checkStep(op, step);
    if (shift) return step < warmupSteps ? schedule(0) * factor(step) : schedule(step - warmupSteps);
    return step < warmupSteps ? schedule(step) * factor(step) : schedule(step);
  };
}
