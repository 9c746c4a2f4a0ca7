import {
  cosineAnnealingLr,
  exponentialLr,
  linearWarmup,
  multiStepLr,
  ReduceLROnPlateau,
  stepLr,
  type LrSchedule,
  type ReduceLROnPlateauState,
} from '@descent/optim-wasm';
import { configError, withContext } from './errors.js';
import { unknownName } from './suggest.js';

export const SCHEDULES = ['constant', 'cosine', 'step', 'multistep', 'exp', 'warmup', 'plateau'] as const;

/**
 * The learning rate of each epoch. Schedules are optim-wasm's pure closed forms evaluated at
 * the epoch index (PyTorch's scheduler.step() once per epoch); `plateau` is ReduceLROnPlateau
 * fed the validation loss (training loss without a validation split) after each epoch.
 */
export interface LrPlan {
  spec: string;
  lrAt(epoch: number): number;
  /** Feed the epoch's monitored loss (plateau only). */
  endEpoch(metric: number): void;
  state(): ReduceLROnPlateauState | null;
  restore(state: ReduceLROnPlateauState | null): void;
}

function num(spec: string, s: string | undefined, what: string): number {
  const n = Number(s);
  if (s === undefined || s === '' || !Number.isFinite(n)) throw configError(`--schedule '${spec}': ${what} must be a number, got '${s ?? ''}'`);
  return n;
}

function closedForm(spec: string, part: string, lr: number, epochs: number): LrSchedule {
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
      throw configError(`--schedule: ${unknownName('schedule', kind ?? '', SCHEDULES)}`);
  }
}

/** Parse `--schedule` (see SCHEDULES; `warmup:W+rest` puts W warm-up epochs in front). */
export function parseSchedule(spec: string, lr: number, epochs: number): LrPlan {
  return withContext(`--schedule '${spec}'`, () => {
    if (spec.startsWith('plateau')) {
      const [, p, f] = spec.split(':');
      const opts = { lr, patience: p ? num(spec, p, 'patience') : 5, factor: f ? num(spec, f, 'factor') : 0.1 };
      let plateau = new ReduceLROnPlateau(opts);
      return {
        spec,
        lrAt: () => plateau.lr,
        endEpoch: (m: number) => {
          if (Number.isFinite(m)) plateau.step(m);
        },
        state: () => plateau.state(),
        restore: (s: ReduceLROnPlateauState | null) => {
          plateau = s ? ReduceLROnPlateau.fromState(s) : new ReduceLROnPlateau(opts);
        },
      };
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
    return { spec, lrAt: (e) => sched(e), endEpoch: () => {}, state: () => null, restore: () => {} };
  });
}
