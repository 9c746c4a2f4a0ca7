import { describe, expect, it } from 'vitest';
import { noisySine, polynomialRegression } from './regression.js';
import { validateDataset } from './dataset.js';

describe('regression generators', () => {
  it('noisySine: y = a sin(w x) exactly without noise, inside xRange; trueFunction exported', () => {
    const sine = noisySine({ n: 50, frequency: 2, amplitude: 3, xRange: [-1, 2], rng: 4 });
    validateDataset(sine);
    expect([sine.n, sine.features, sine.task, sine.noiseVariance]).toEqual([50, 1, 'regression', 0]);
    expect(sine.trueFunction(0.25)).toBeCloseTo(3 * Math.sin(0.5), 15);
    for (let i = 0; i < sine.n; i++) {
      expect(sine.x[i]).toBeGreaterThanOrEqual(-1);
      expect(sine.x[i]).toBeLessThanOrEqual(2);
      expect(sine.y[i]).toBeCloseTo(3 * Math.sin(2 * sine.x[i]!), 5);
    }
  });

  it('noisySine: residual variance near noise², deterministic per seed', () => {
    const s = noisySine({ n: 4000, noise: 0.3, rng: 5 });
    expect(s.noiseVariance).toBeCloseTo(0.09, 12);
    let ss = 0;
    for (let i = 0; i < s.n; i++) ss += (s.y[i]! - s.trueFunction(s.x[i]!)) ** 2;
    expect(ss / s.n).toBeGreaterThan(0.08);
    expect(ss / s.n).toBeLessThan(0.1);
    const again = (seed: number) => Array.from(noisySine({ n: 20, noise: 0.3, rng: seed }).y);
    expect(again(5)).toEqual(again(5));
    expect(again(6)).not.toEqual(again(5));
  });

  it('polynomialRegression: Horner in ascending powers, or random coefficients for a degree', () => {
    const p = polynomialRegression({ n: 30, coeffs: [1, -2, 0.5], rng: 1 });
    expect(p.trueFunction(2)).toBe(1 - 4 + 2);
    for (let i = 0; i < p.n; i++) expect(p.y[i]).toBeCloseTo(1 - 2 * p.x[i]! + 0.5 * p.x[i]! ** 2, 5);
    const q = polynomialRegression({ n: 10, degree: 3, noise: 0.1, rng: 2 });
    expect(q.coeffs.length).toBe(4);
    expect(q.trueFunction(1)).toBeCloseTo(q.coeffs.reduce((a, b) => a + b, 0), 12);
    expect(polynomialRegression({ n: 10, degree: 3, noise: 0.1, rng: 2 }).coeffs).toEqual(q.coeffs);
  });

  it('rejects bad options', () => {
    expect(() => polynomialRegression({ n: 10, rng: 0 })).toThrow(/polynomialRegression: 'degree' must be an integer >= 0/);
    expect(() => polynomialRegression({ n: 10, coeffs: [1, 2], degree: 3, rng: 0 })).toThrow(/degree 3 but 2 coeffs/);
    expect(() => noisySine({ n: 10, xRange: [2, 1], rng: 0 })).toThrow(/xRange \[2, 1\] is empty/);
    expect(() => noisySine({ n: 0, rng: 0 })).toThrow(/'n' must be an integer >= 1/);
  });
});
