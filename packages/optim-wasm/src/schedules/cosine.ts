import { checkInt, checkNumber, checkStep, type LrSchedule } from './validate.js';
import { portableCos } from '../math/portable.js';

function cosineBetween(lr: number, etaMin: number, tCur: number, tI: number): number {
  return etaMin + ((lr - etaMin) * (1 + portableCos((Math.PI * tCur) / tI))) / 2;
}

/**
 * CosineAnnealingLR (closed form, SGDR without restarts):
 *   lr_t = etaMin + (lr − etaMin)·(1 + cos(π·t/tMax))/2.
 * As in PyTorch's closed form it is not clamped: past tMax the cosine rises again (period 2·tMax).
 * Default etaMin = 0.
 */
export function cosineAnnealingLr(opts: { lr: number; tMax: number; etaMin?: number }): LrSchedule {
  const op = 'cosineAnnealingLr';
  const lr = checkNumber(op, 'lr', opts.lr);
  const tMax = checkInt(op, 'tMax', opts.tMax, 1);
  const etaMin = checkNumber(op, 'etaMin', opts.etaMin ?? 0);
  return (step) => cosineBetween(lr, etaMin, checkStep(op, step), tMax);
}

/**
 * CosineAnnealingWarmRestarts (SGDR, Loshchilov & Hutter 2017): periods T_0, T_0·tMult,
 * T_0·tMult², …; inside a period lr = etaMin + (lr − etaMin)(1 + cos(π·T_cur/T_i))/2, and at each
 * restart T_cur = 0 (lr back to `lr`). T_cur and T_i are found with exact integer arithmetic
 * (PyTorch uses a floating log, which can misplace a restart by one step for some tMult).
 * Defaults: tMult = 1, etaMin = 0.
 */
export function cosineAnnealingWarmRestarts(opts: { lr: number; t0: number; tMult?: number; etaMin?: number }): LrSchedule {
  const op = 'cosineAnnealingWarmRestarts';
  const lr = checkNumber(op, 'lr', opts.lr);
  const t0 = checkInt(op, 't0', opts.t0, 1);
  const tMult = checkInt(op, 'tMult', opts.tMult ?? 1, 1);
  const etaMin = checkNumber(op, 'etaMin', opts.etaMin ?? 0);
  return (step) => {
    checkStep(op, step);
    if (tMult === 1) return cosineBetween(lr, etaMin, step % t0, t0);
    let tCur = step;
    let tI = t0;
    while (tCur >= tI) {
      tCur -= tI;
      tI *= tMult; // at least doubles, so O(log step) iterations
    }
    return cosineBetween(lr, etaMin, tCur, tI);
  };
}
