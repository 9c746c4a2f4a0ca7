import { cosineAnnealingLr, exponentialLr, linearWarmup, multiStepLr, stepLr, type LrSchedule } from '@descent/optim-wasm';
import { epochSchedule, reduceLrOnPlateau, type LrPlan, type Monitor } from '../fit/schedule.js';
import { configError, withContext, field } from './errors.js';
import { unknownName } from './suggest.js';

/** The learning-rate schedules a run can name in `schedule` (the CLI's `--schedule`). */
export const SCHEDULES = ['constant', 'cosine', 'step', 'multistep', 'exp', 'warmup', 'plateau'] as const;

/** A decimal number as people type it: `0.1`, `-3`, `1e-4`, `.5` (not `0x10`, `0b1`, `Infinity` or blanks); else NaN. */
export function decimal(text: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
}

function num(spec: string, s: string | undefined, what: string): number {
  const n = decimal(s ?? '');
  if (!Number.isFinite(n)) throw configError(`${field('schedule')} '${spec}': ${what} must be a number, got '${s ?? ''}'`);
  return n;
}

/** How many ':'-separated fields each schedule takes after its name (more is an error, not ignored). */
const MAX_FIELDS: Record<string, number> = { constant: 0, cosine: 2, step: 2, multistep: 2, exp: 1, plateau: 2 };

function checkFields(spec: string, part: string): void {
  const [kind, ...args] = part.split(':');
  const max = MAX_FIELDS[kind ?? ''];
  if (max !== undefined && args.length > max) throw configError(`${field('schedule')} '${spec}': ${kind} takes at most ${max} field${max === 1 ? '' : 's'} after its name, got ${args.length}`);
}

function closedForm(spec: string, part: string, lr: number, epochs: number): LrSchedule {
  checkFields(spec, part);
  const [kind, ...args] = part.split(':');
  switch (kind) {
    case 'constant':
      return () => lr;
    case 'cosine':
      return cosineAnnealingLr({ lr, tMax: Math.max(1, args[0] ? num(spec, args[0], 'tMax') : epochs), etaMin: args[1] ? num(spec, args[1], 'etaMin') : 0 });
    case 'step':
      return stepLr({ lr, stepSize: num(spec, args[0], 'step size'), gamma: args[1] ? num(spec, args[1], 'gamma') : 0.1 });
    case 'multistep':
      return multiStepLr({ lr, milestones: (args[0] ?? '').split(',').map((m) => num(spec, m, 'milestone')), gamma: args[1] ? num(spec, args[1], 'gamma') : 0.1 });
    case 'exp':
      return exponentialLr({ lr, gamma: num(spec, args[0], 'gamma') });
    default:
      throw configError(`${field('schedule')}: ${unknownName('schedule', kind ?? '', SCHEDULES)}`);
  }
}

/**
 * The lr plan of `--schedule` for fit (see SCHEDULES): the closed forms of optim-wasm evaluated at
 * the epoch index (PyTorch's scheduler.step() once per epoch), `warmup:W+rest` with W warm-up
 * epochs in front, and `plateau[:patience[:factor]]`, ReduceLROnPlateau fed `monitor` after each epoch.
 */
export function parseSchedule(spec: string, lr: number, epochs: number, monitor: Monitor = 'valLoss'): LrPlan {
  return withContext(`${field('schedule')} '${spec}'`, () => {
    if (spec.startsWith('plateau')) {
      checkFields(spec, spec);
      const [, p, f] = spec.split(':');
      const plan = reduceLrOnPlateau({ patience: p ? num(spec, p, 'patience') : 5, factor: f ? num(spec, f, 'factor') : 0.1, monitor });
      plan.lr(0, lr); // validate the arguments now
      return plan;
    }
    let sched: LrSchedule;
    const warm = /^warmup:(\d+)(?:\+(.+))?$/.exec(spec);
    if (warm) {
      const w = Number(warm[1]);
      sched = linearWarmup(closedForm(spec, warm[2] ?? 'constant', lr, Math.max(1, epochs - w)), { warmupSteps: w, startFactor: 1 / (w + 1) });
    } else {
      sched = closedForm(spec, spec, lr, epochs);
    }
    sched(0); // validate the arguments now
    return epochSchedule(sched);
  });
}
