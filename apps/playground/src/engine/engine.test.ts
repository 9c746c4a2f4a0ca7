import { describe, expect, it } from 'vitest';
import { RACERS } from '../config.js';
import { DEFAULTS } from '../state.js';
import { runClassifier, ClassifierSession } from './classifier.js';
import { FUNCTIONS_2D, runRace } from '@descent/train';

describe('2-D functions', () => {
  it('gradients match central finite differences', () => {
    for (const fn of Object.values(FUNCTIONS_2D)) {
      for (const [x, y] of [fn.start, [0.3, -0.7], [1.1, 0.4]] as [number, number][]) {
        const h = 1e-6;
        const [gx, gy] = fn.grad(x, y);
        expect(gx).toBeCloseTo((fn.f(x + h, y) - fn.f(x - h, y)) / (2 * h), 4);
        expect(gy).toBeCloseTo((fn.f(x, y + h) - fn.f(x, y - h)) / (2 * h), 4);
      }
    }
  });
  it('minima are stationary points', () => {
    for (const fn of Object.values(FUNCTIONS_2D)) for (const [x, y] of fn.minima) for (const g of fn.grad(x, y)) expect(Math.abs(g)).toBeLessThan(1e-4);
  });
});

describe('optimizer race', () => {
  it('every racer lowers the ill-conditioned quadratic from the same start', () => {
    const c = { ...DEFAULTS.race, fn: 'quadratic' as const, racers: [...RACERS], lr: 0.02, steps: 200 };
    const out = runRace(c);
    expect(out.map((t) => t.optimizer)).toEqual([...RACERS]);
    for (const t of out) {
      const r = t.optimizer;
      const l = t.loss;
      expect(t.path).toHaveLength(l.length);
      expect(l[0], r).toBeCloseTo(FUNCTIONS_2D.quadratic.f(c.x0, c.y0), 4);
      expect(l[l.length - 1]!, r).toBeLessThan(l[0]!);
    }
  });
  it('plain SGD with too large a step diverges and stops', () => {
    const [sgd] = runRace({ ...DEFAULTS.race, fn: 'quadratic', racers: ['sgd'], lr: 0.5, steps: 500 });
    expect(sgd!.loss.length).toBeLessThan(500);
    expect(sgd!.diverged).toBe(sgd!.loss.length);
  });
});

describe('classifier session', () => {
  it('the training loss falls on moons and the run is deterministic', () => {
    const c = { ...DEFAULTS.classifier, epochs: 8 };
    const a = runClassifier(c);
    const b = runClassifier(c);
    expect(a.epochs.length).toBe(8);
    expect(a.epochs[7]!.trainLoss).toBeLessThan(a.epochs[0]!.trainLoss);
    expect(Float32Array.from(a.steps)).toEqual(Float32Array.from(b.steps));
  });
  it('a huge learning rate reports divergence with a clear message', () => {
    const s = new ClassifierSession({ ...DEFAULTS.classifier, optimizer: 'sgd', lr: 1e6, epochs: 5 });
    expect(() => {
      while (!s.done) s.step();
    }).toThrow(/diverged.*lower the learning rate/);
    s.free();
  });
});

describe('bad input gives clear messages', () => {
  const c = { ...DEFAULTS.classifier, dataset: 'csv' as const };
  it('a malformed CSV names the line and column', () => {
    expect(() => new ClassifierSession(c, { name: 'points.csv', text: 'a,b,label\n1,2,x\n3,oops,y\n' })).toThrow(/points\.csv.*line 3, column 2/);
  });
  it('a CSV with one class says so', () => {
    expect(() => new ClassifierSession(c, { name: 'points.csv', text: 'a,b,label\n1,2,x\n3,4,x\n5,6,x\n' })).toThrow(/class/);
  });
  it('a CSV with three features says the plot needs two', () => {
    expect(() => new ClassifierSession(c, { name: 'points.csv', text: 'a,b,c,label\n1,2,3,x\n3,4,5,y\n' })).toThrow(/2 features, got 3/);
  });
  it('no CSV yet asks for one', () => {
    expect(() => new ClassifierSession(c, null)).toThrow(/drop a CSV/);
  });
});
