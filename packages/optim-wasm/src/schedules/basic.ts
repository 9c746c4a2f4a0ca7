import { checkInt, checkNumber, checkRange, checkStep, type LrSchedule } from './validate.js';
import { portablePow } from '../math/portable.js';

// Closed forms of PyTorch's torch.optim.lr_scheduler classes (their `_get_closed_form_lr`),
// with `lr` standing for the optimizer's base lr. `step` = optimizer steps taken = last_epoch.

/**
 * ConstantLR: lr·factor while step < totalIters, then lr.
 * Defaults (PyTorch): factor = 1/3, totalIters = 5. `factor: 1` gives a plain constant.
 */
export function constantLr(opts: { lr: number; factor?: number; totalIters?: number }): LrSchedule {
  const op = 'constantLr';
  const lr = checkNumber(op, 'lr', opts.lr);
  const factor = checkRange(op, 'factor', opts.factor ?? 1 / 3, 0, 1);
  const totalIters = checkInt(op, 'totalIters', opts.totalIters ?? 5, 0);
  return (step) => lr * (checkStep(op, step) < totalIters ? factor : 1);
}

/**
 * LinearLR: lr·(s + (e − s)·min(step, totalIters)/totalIters), s = startFactor, e = endFactor.
 * Defaults (PyTorch): startFactor = 1/3, endFactor = 1, totalIters = 5.
 */
export function linearLr(opts: { lr: number; startFactor?: number; endFactor?: number; totalIters?: number }): LrSchedule {
  const op = 'linearLr';
  const lr = checkNumber(op, 'lr', opts.lr);
  const s = checkRange(op, 'startFactor', opts.startFactor ?? 1 / 3, 0, 1, true);
  const e = checkRange(op, 'endFactor', opts.endFactor ?? 1, 0, 1);
  const totalIters = checkInt(op, 'totalIters', opts.totalIters ?? 5, 1);
  return (step) => lr * (s + ((e - s) * Math.min(checkStep(op, step), totalIters)) / totalIters);
}

/** StepLR: lr·gamma^floor(step / stepSize). Default gamma = 0.1. */
export function stepLr(opts: { lr: number; stepSize: number; gamma?: number }): LrSchedule {
  const op = 'stepLr';
  const lr = checkNumber(op, 'lr', opts.lr);
  const stepSize = checkInt(op, 'stepSize', opts.stepSize, 1);
  const gamma = checkNumber(op, 'gamma', opts.gamma ?? 0.1, 0, true);
  return (step) => lr * portablePow(gamma, Math.floor(checkStep(op, step) / stepSize));
}

/**
 * MultiStepLR: lr·gamma^#{m ∈ milestones : m ≤ step} (bisect_right; a repeated milestone counts
 * twice, as in PyTorch). Default gamma = 0.1.
 */
export function multiStepLr(opts: { lr: number; milestones: readonly number[]; gamma?: number }): LrSchedule {
  const op = 'multiStepLr';
  const lr = checkNumber(op, 'lr', opts.lr);
  if (!Array.isArray(opts.milestones)) checkInt(op, 'milestones', opts.milestones, 0);
  const milestones = opts.milestones.map((m, i) => checkInt(op, `milestones[${i}]`, m, 0)).sort((a, b) => a - b);
  const gamma = checkNumber(op, 'gamma', opts.gamma ?? 0.1, 0, true);
  return (step) => {
    checkStep(op, step);
    let k = 0;
    while (k < milestones.length && milestones[k]! <= step) k++;
    return lr * portablePow(gamma, k);
  };
}

/** ExponentialLR: lr·gamma^step. */
export function exponentialLr(opts: { lr: number; gamma: number }): LrSchedule {
  const op = 'exponentialLr';
  const lr = checkNumber(op, 'lr', opts.lr);
  const gamma = checkNumber(op, 'gamma', opts.gamma, 0, true);
  return (step) => lr * portablePow(gamma, checkStep(op, step));
}

/** PolynomialLR: lr·(1 − min(step, totalIters)/totalIters)^power. Defaults: totalIters = 5, power = 1. */
export function polynomialLr(opts: { lr: number; totalIters?: number; power?: number }): LrSchedule {
  const op = 'polynomialLr';
  const lr = checkNumber(op, 'lr', opts.lr);
  const totalIters = checkInt(op, 'totalIters', opts.totalIters ?? 5, 1);
  const power = checkNumber(op, 'power', opts.power ?? 1);
  return (step) => lr * portablePow(1 - Math.min(checkStep(op, step), totalIters) / totalIters, power);
}
