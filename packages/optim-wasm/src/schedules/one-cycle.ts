import { checkInt, checkNumber, checkRange, checkStep, scheduleError, type LrSchedule } from './validate.js';
import { portableCos } from '../math/portable.js';

/** Options of `oneCycle` (PyTorch's OneCycleLR, lr only). */
export interface OneCycleOptions {
  /** The peak lr. */
  maxLr: number;
  /** Steps of the whole cycle (the schedule refuses steps beyond it). */
  totalSteps: number;
  /** Fraction of steps spent increasing the lr. Default 0.3. */
  pctStart?: number;
  /** initialLr = maxLr / divFactor. Default 25. */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** Default 'cos'. */
  annealStrategy?: 'cos' | 'linear';
  /** Default false. */
  threePhase?: boolean;
}

interface Phase {
  end: number;
  from: number;
  to: number;
}

/**
 * OneCycleLR (Smith & Topin 2017), the lr part of PyTorch's scheduler. With
 * initialLr = maxLr/divFactor and minLr = initialLr/finalDivFactor, phases end at steps
 *   two-phase:   pctStart·T − 1 (initialLr → maxLr), T − 1 (maxLr → minLr);
 *   three-phase: pctStart·T − 1 (initialLr → maxLr), 2·pctStart·T − 2 (maxLr → initialLr),
 *                T − 1 (initialLr → minLr);
 * inside a phase from step s to e, p = (step − s)/(e − s) and
 *   cos: to + (from − to)(1 + cos(πp))/2,  linear: from + (to − from)·p.
 * Like PyTorch, step may reach totalSteps (the last phase extrapolates) and throws beyond it.
 */
export function oneCycleLr(opts: OneCycleOptions): LrSchedule {
  const op = 'oneCycleLr';
  const maxLr = checkNumber(op, 'maxLr', opts.maxLr);
  const total = checkInt(op, 'totalSteps', opts.totalSteps, 1);
  const pct = checkRange(op, 'pctStart', opts.pctStart ?? 0.3, 0, 1);
  const divFactor = checkNumber(op, 'divFactor', opts.divFactor ?? 25, 0, true);
  const finalDivFactor = checkNumber(op, 'finalDivFactor', opts.finalDivFactor ?? 1e4, 0, true);
  const strategy = opts.annealStrategy ?? 'cos';
  if (strategy !== 'cos' && strategy !== 'linear') scheduleError(op, `annealStrategy must be 'cos' or 'linear', got ${String(strategy)}`);
  const initialLr = maxLr / divFactor;
  const minLr = initialLr / finalDivFactor;
  const phases: Phase[] = opts.threePhase
    ? [
        { end: pct * total - 1, from: initialLr, to: maxLr },
        { end: 2 * pct * total - 2, from: maxLr, to: initialLr },
        { end: total - 1, from: initialLr, to: minLr },
      ]
    : [
        { end: pct * total - 1, from: initialLr, to: maxLr },
        { end: total - 1, from: maxLr, to: minLr },
      ];
  let start = 0;
  for (const [i, p] of phases.entries()) {
    if (!(p.end > start)) {
      scheduleError(op, `phase ${i + 1} is empty (ends at step ${p.end}, starts at ${start}): pctStart=${pct} with totalSteps=${total} leaves no steps for it`);
    }
    start = p.end;
  }
  const anneal =
    strategy === 'cos'
      ? (from: number, to: number, p: number) => to + ((from - to) / 2) * (portableCos(Math.PI * p) + 1)
      : (from: number, to: number, p: number) => (to - from) * p + from;
  return (step) => {
    checkStep(op, step);
    if (step > total) scheduleError(op, `step ${step} is past totalSteps=${total}`);
    let s = 0;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i]!;
      if (step <= p.end || i === phases.length - 1) return anneal(p.from, p.to, (step - s) / (p.end - s));
      s = p.end;
    }
    return minLr; // unreachable: the last phase always returns
  };
}
