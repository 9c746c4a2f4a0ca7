import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import {
  constantLr,
  cosineAnnealingLr,
  cosineAnnealingWarmRestarts,
  exponentialLr,
  linearLr,
  linearWarmup,
  multiStepLr,
  polynomialLr,
  stepLr,
  type LrSchedule,
} from './index.js';

/** Expected values are written out by hand from PyTorch's documented formulas and examples. */
function expectValues(s: LrSchedule, table: [number, number][]): void {
  for (const [step, lr] of table) expect(s(step), `step ${step}`).toBeCloseTo(lr, 14);
}

describe('closed-form schedules (PyTorch docstring examples, lr = 0.05 unless stated)', () => {
  it('constantLr: factor 0.5 for 4 steps; defaults factor 1/3, totalIters 5', () => {
    expectValues(constantLr({ lr: 0.05, factor: 0.5, totalIters: 4 }), [[0, 0.025], [3, 0.025], [4, 0.05], [100, 0.05]]);
    expectValues(constantLr({ lr: 0.3 }), [[0, 0.1], [4, 0.1], [5, 0.3]]);
  });

  it('linearLr: startFactor 0.5 over 4 steps', () => {
    expectValues(linearLr({ lr: 0.05, startFactor: 0.5, totalIters: 4 }), [
      [0, 0.025], [1, 0.03125], [2, 0.0375], [3, 0.04375], [4, 0.05], [9, 0.05],
    ]);
  });

  it('stepLr: ×0.1 every 30 steps', () => {
    expectValues(stepLr({ lr: 0.05, stepSize: 30 }), [[0, 0.05], [29, 0.05], [30, 0.005], [59, 0.005], [60, 0.0005], [89, 0.0005]]);
  });

  it('multiStepLr: milestones [80, 30] (unsorted input) and a repeated milestone', () => {
    expectValues(multiStepLr({ lr: 0.05, milestones: [80, 30] }), [[0, 0.05], [29, 0.05], [30, 0.005], [79, 0.005], [80, 0.0005], [1000, 0.0005]]);
    expectValues(multiStepLr({ lr: 1, milestones: [3, 3], gamma: 0.5 }), [[2, 1], [3, 0.25]]);
  });

  it('exponentialLr and polynomialLr', () => {
    expectValues(exponentialLr({ lr: 1, gamma: 0.9 }), [[0, 1], [1, 0.9], [3, 0.729]]);
    expectValues(polynomialLr({ lr: 0.001, totalIters: 4 }), [[0, 0.001], [1, 0.00075], [2, 0.0005], [3, 0.00025], [4, 0], [10, 0]]);
    expectValues(polynomialLr({ lr: 0.001, totalIters: 4, power: 2 }), [[1, 0.0005625], [2, 0.00025]]);
  });

  it('cosineAnnealingLr: lr 0.1 → etaMin 0.001 over tMax 10, periodic beyond (closed form)', () => {
    // cos(π/5) = (1 + √5)/4
    const at2 = 0.001 + (0.099 * (1 + (1 + Math.sqrt(5)) / 4)) / 2;
    expectValues(cosineAnnealingLr({ lr: 0.1, tMax: 10, etaMin: 0.001 }), [
      [0, 0.1], [2, at2], [5, 0.0505], [10, 0.001], [15, 0.0505], [20, 0.1],
    ]);
  });

  it('cosineAnnealingWarmRestarts: restarts at 0, 10, 30, 70 for t0 = 10, tMult = 2', () => {
    const s = cosineAnnealingWarmRestarts({ lr: 0.1, t0: 10, tMult: 2 });
    // (1 + cos 0.9π)/2·0.1 and (1 + cos 0.95π)/2·0.1, with cos 0.9π = −cos 0.1π etc.
    expectValues(s, [
      [0, 0.1], [5, 0.05], [9, 0.0024471741852423235], [10, 0.1], [20, 0.05], [29, 0.0006155829702431171],
      [30, 0.1], [50, 0.05], [70, 0.1], [150, 0.1],
    ]);
    const flat = cosineAnnealingWarmRestarts({ lr: 0.1, t0: 5, etaMin: 0.01 });
    for (let t = 0; t < 30; t++) expect(flat(t)).toBe(flat(t % 5));
    expect(flat(5)).toBe(0.1);
  });

  it('cosineAnnealingWarmRestarts agrees with PyTorch\'s log formula off the boundaries, and is exact on them', () => {
    for (const [t0, tMult] of [[10, 2], [3, 3], [1, 10]] as const) {
      const s = cosineAnnealingWarmRestarts({ lr: 1, t0, tMult, etaMin: 0.1 });
      for (let step = 0; step < 400; step++) {
        const n = Math.floor(Math.log((step / t0) * (tMult - 1) + 1) / Math.log(tMult));
        const start = (t0 * (tMult ** n - 1)) / (tMult - 1);
        const tI = t0 * tMult ** n;
        if (step === start || step === start + tI) continue; // a restart: checked below
        expect(s(step)).toBeCloseTo(0.1 + (0.9 * (1 + Math.cos((Math.PI * (step - start)) / tI))) / 2, 12);
      }
    }
    // t0 = 1, tMult = 10 restarts at step 111, where log(1000)/log(10) = 2.9999999999999996.
    expect(cosineAnnealingWarmRestarts({ lr: 1, t0: 1, tMult: 10 })(111)).toBe(1);
  });
});

describe('linearWarmup', () => {
  it('sequential (default): ramps to schedule(0), then runs the schedule from its step 0', () => {
    const s = linearWarmup(cosineAnnealingLr({ lr: 1, tMax: 10 }), { warmupSteps: 4 });
    expectValues(s, [[0, 0], [1, 0.25], [2, 0.5], [3, 0.75], [4, 1], [9, 0.5], [14, 0]]);
    expectValues(linearWarmup(constantLr({ lr: 0.2, factor: 1 }), { warmupSteps: 4, startFactor: 0.5 }), [[0, 0.1], [1, 0.125], [4, 0.2]]);
  });

  it('multiplicative (shift: false): the factor scales the running schedule', () => {
    const s = linearWarmup(stepLr({ lr: 1, stepSize: 2, gamma: 0.5 }), { warmupSteps: 4, shift: false });
    expectValues(s, [[0, 0], [1, 0.25], [2, 0.25], [3, 0.375], [4, 0.25], [6, 0.125]]);
  });

  it('warmupSteps 0 is the schedule itself', () => {
    const inner = exponentialLr({ lr: 1, gamma: 0.5 });
    const s = linearWarmup(inner, { warmupSteps: 0 });
    for (let t = 0; t < 5; t++) expect(s(t)).toBe(inner(t));
  });
});

describe('schedule validation names the schedule and field', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => stepLr({ lr: -0.1, stepSize: 3 }), /stepLr: lr must be a finite number >= 0, got -0.1/],
    [() => stepLr({ lr: 0.1, stepSize: 0 }), /stepLr: stepSize must be an integer >= 1, got 0/],
    [() => stepLr({ lr: 0.1, stepSize: 2 })(-1), /stepLr: step must be an integer >= 0, got -1/],
    [() => stepLr({ lr: 0.1, stepSize: 2 })(1.5), /step must be an integer >= 0, got 1.5/],
    [() => exponentialLr({ lr: 0.1, gamma: 0 }), /exponentialLr: gamma must be a finite number > 0, got 0/],
    [() => multiStepLr({ lr: 0.1, milestones: [5, -1] }), /multiStepLr: milestones\[1\] must be an integer >= 0, got -1/],
    [() => constantLr({ lr: 0.1, factor: 1.5 }), /constantLr: factor must be in \[0, 1\], got 1.5/],
    [() => linearLr({ lr: 0.1, startFactor: 0 }), /linearLr: startFactor must be in \(0, 1\], got 0/],
    [() => polynomialLr({ lr: Number.NaN }), /polynomialLr: lr .*got NaN/],
    [() => cosineAnnealingLr({ lr: 0.1, tMax: 0 }), /cosineAnnealingLr: tMax/],
    [() => cosineAnnealingWarmRestarts({ lr: 0.1, t0: 10, tMult: 1.5 }), /tMult must be an integer >= 1, got 1.5/],
    [() => linearWarmup(stepLr({ lr: 1, stepSize: 1 }), { warmupSteps: -2 }), /linearWarmup: warmupSteps/],
    [() => linearWarmup(undefined as unknown as LrSchedule, { warmupSteps: 2 }), /schedule must be a function/],
  ];
  it.each(cases.map((c, i) => [i, ...c] as const))('case %i', (_i, f, pattern) => {
    expect(f).toThrow(DescentError);
    expect(f).toThrow(pattern);
  });
});
