import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import { oneCycleLr } from './one-cycle.js';

// maxLr 1, divFactor 25, finalDivFactor 1e4: initialLr 0.04, minLr 4e-6.
// totalSteps 84, pctStart 0.25: the first phase ends at step 0.25·84 − 1 = 20, the second at 83.
describe('oneCycleLr (PyTorch OneCycleLR phases, hand-computed)', () => {
  it('two-phase cos', () => {
    const s = oneCycleLr({ maxLr: 1, totalSteps: 84, pctStart: 0.25 });
    expect(s(0)).toBeCloseTo(0.04, 15);
    expect(s(10)).toBeCloseTo(0.52, 15); // p = 1/2: 1 + (0.04 − 1)/2
    expect(s(20)).toBeCloseTo(1, 15);
    expect(s(41)).toBeCloseTo(4e-6 + (0.999996 / 2) * 1.5, 14); // p = 1/3: (1 + cos(π/3)) = 1.5
    expect(s(83)).toBeCloseTo(4e-6, 15);
    // step = totalSteps is allowed (extrapolates), beyond throws
    expect(s(84)).toBeCloseTo(4e-6 + (0.999996 / 2) * (1 + Math.cos((Math.PI * 64) / 63)), 14);
    expect(() => s(85)).toThrow(/oneCycleLr: step 85 is past totalSteps=84/);
  });

  it('two-phase linear', () => {
    const s = oneCycleLr({ maxLr: 1, totalSteps: 84, pctStart: 0.25, annealStrategy: 'linear' });
    expect(s(0)).toBeCloseTo(0.04, 15);
    expect(s(5)).toBeCloseTo(0.04 + 0.96 / 4, 15);
    expect(s(20)).toBeCloseTo(1, 15);
    expect(s(41)).toBeCloseTo(1 - 0.999996 / 3, 14);
    expect(s(83)).toBeCloseTo(4e-6, 15);
  });

  it('three-phase: up to maxLr, back to initialLr at 2·pct·T − 2, then down to minLr', () => {
    const s = oneCycleLr({ maxLr: 1, totalSteps: 84, pctStart: 0.25, threePhase: true });
    expect(s(0)).toBeCloseTo(0.04, 15);
    expect(s(20)).toBeCloseTo(1, 15);
    expect(s(30)).toBeCloseTo(0.52, 15);
    expect(s(40)).toBeCloseTo(0.04, 15);
    expect(s(83)).toBeCloseTo(4e-6, 15);
  });

  it('defaults: pctStart 0.3, divFactor 25, finalDivFactor 1e4, cos', () => {
    const s = oneCycleLr({ maxLr: 0.1, totalSteps: 100 });
    expect(s(0)).toBeCloseTo(0.004, 15);
    expect(s(29)).toBeCloseTo(0.1, 15);
    expect(s(99)).toBeCloseTo(4e-7, 15);
    // monotone up, then monotone down
    for (let t = 1; t <= 29; t++) expect(s(t)).toBeGreaterThan(s(t - 1));
    for (let t = 30; t <= 99; t++) expect(s(t)).toBeLessThan(s(t - 1));
  });

  it('rejects empty phases and bad options naming the field', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => oneCycleLr({ maxLr: 1, totalSteps: 100, pctStart: 1 }), /phase 2 is empty.*pctStart=1 with totalSteps=100/],
      [() => oneCycleLr({ maxLr: 1, totalSteps: 3 }), /phase 1 is empty.*pctStart=0.3 with totalSteps=3/],
      [() => oneCycleLr({ maxLr: 1, totalSteps: 10, pctStart: 0.6, threePhase: true }), /phase 3 is empty/],
      [() => oneCycleLr({ maxLr: -1, totalSteps: 10 }), /oneCycleLr: maxLr must be a finite number >= 0, got -1/],
      [() => oneCycleLr({ maxLr: 1, totalSteps: 0 }), /totalSteps must be an integer >= 1, got 0/],
      [() => oneCycleLr({ maxLr: 1, totalSteps: 10, pctStart: 1.2 }), /pctStart must be in \[0, 1\], got 1.2/],
      [() => oneCycleLr({ maxLr: 1, totalSteps: 10, divFactor: 0 }), /divFactor must be a finite number > 0/],
      [() => oneCycleLr({ maxLr: 1, totalSteps: 10, annealStrategy: 'exp' as 'cos' }), /annealStrategy must be 'cos' or 'linear', got exp/],
    ];
    for (const [f, pattern] of cases) {
      expect(f).toThrow(DescentError);
      expect(f).toThrow(pattern);
    }
  });
});
