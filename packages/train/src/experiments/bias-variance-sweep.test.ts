import { describe, expect, it } from 'vitest';
import { runJobs, type JobRunner } from '../jobs/jobs.js';
import { Rng } from '@descent/optim-wasm';
import { biasVarianceSpecs, biasVarianceSweep } from './bias-variance-sweep.js';
import { fitAndPredict } from './capacity-models.js';

describe('fitAndPredict', () => {
  it('a degree-d least-squares fit reproduces a degree-d polynomial exactly (Chebyshev basis, f64)', () => {
    const p = (x: number) => 0.5 - 1.2 * x + 0.3 * x ** 2 + 0.07 * x ** 3;
    const x = Float32Array.from([-3, -2.2, -1, -0.4, 0, 0.6, 1.5, 2.5, 3.1]);
    const y = Float32Array.from(x, p);
    const grid = Float64Array.from([-3.1, -1, 0.25, 2, 3.1]);
    const pred = fitAndPredict({ kind: 'polynomial', degree: 3, ridge: 0 }, x, y, grid, [-Math.PI, Math.PI], new Rng(0));
    // y is stored in f32, so the fit is exact up to f32 rounding of the targets.
    pred.forEach((v, i) => expect(v).toBeCloseTo(p(grid[i]!), 5));
    expect(() => fitAndPredict({ kind: 'polynomial', degree: 12, ridge: 0 }, x, y, grid, [-Math.PI, Math.PI], new Rng(0))).toThrow(/not positive definite/);
  });
});

describe('biasVarianceSweep', () => {
  const options = { capacities: [0, 1, 3, 5, 12], members: 30, testPoints: 60, seed: 2, task: { n: 30, noise: 0.3 } };

  it('rows sum exactly (bias² + variance + noise = expected error, per point and averaged) and trace the U-curve', async () => {
    const { rows, grid, task } = await biasVarianceSweep(options);
    expect(grid.length).toBe(60);
    expect(task).toEqual({ n: 30, noise: 0.3, frequency: 1, amplitude: 1, xRange: [-Math.PI, Math.PI] });
    expect(rows.map((r) => r.capacity)).toEqual([0, 1, 3, 5, 12]);
    for (const r of rows) {
      expect(r.noise).toBeCloseTo(0.09, 15);
      expect(Math.abs(r.bias2 + r.variance + r.noise - r.expectedError)).toBeLessThanOrEqual(1e-13 * r.expectedError);
      r.perPoint.expectedError.forEach((e, j) => expect(Math.abs(r.perPoint.bias2[j]! + r.perPoint.variance[j]! + r.noise - e)).toBeLessThanOrEqual(1e-13 * e));
      // testMse estimates expectedError from one noisy test draw.
      expect(Math.abs(r.testMse - r.expectedError)).toBeLessThan(0.35 * r.expectedError);
    }
    const at = (c: number) => rows.find((r) => r.capacity === c)!;
    // Underfitting: bias falls with degree; overfitting: variance rises with it.
    expect(at(0).bias2).toBeGreaterThan(at(1).bias2);
    expect(at(1).bias2).toBeGreaterThan(10 * at(5).bias2);
    expect(at(12).variance).toBeGreaterThan(3 * at(3).variance);
    // The U: expected error is lowest in the middle.
    const best = rows.reduce((a, b) => (b.expectedError < a.expectedError ? b : a));
    expect([3, 5]).toContain(best.capacity);
  });

  it('members are job specs: any runner order gives the same rows', async () => {
    const small = { ...options, capacities: [2, 6], members: 4 };
    const specs = biasVarianceSpecs(small);
    expect(specs).toHaveLength(8);
    expect(specs[5]).toMatchObject({ kind: 'experiments/bias-variance-member', seed: 2, config: { member: 1, model: { kind: 'polynomial', degree: 6 } } });
    const reversed: JobRunner = {
      name: 'reversed',
      async run(s) {
        const out = (await runJobs([...s].reverse())).map((r) => r.value);
        return out.reverse();
      },
    };
    expect(await biasVarianceSweep({ ...small, runner: reversed })).toEqual(await biasVarianceSweep(small));
  });

  it('the MLP family (capacity = hidden width) gives well-formed rows', async () => {
    const { rows } = await biasVarianceSweep({ family: 'mlp', capacities: [2], members: 2, testPoints: 5, seed: 0, epochs: 20, lr: 0.05 });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.bias2 + rows[0]!.variance + rows[0]!.noise).toBeCloseTo(rows[0]!.expectedError, 12);
    expect(rows[0]!.variance).toBeGreaterThan(0);
  });

  it('rejects bad options', () => {
    expect(() => biasVarianceSpecs({ ...options, members: 1 })).toThrow(/members must be an integer >= 2, got 1/);
    expect(() => biasVarianceSpecs({ ...options, capacities: [-1] })).toThrow(/capacities\[0\] must be an integer >= 0, got -1/);
    expect(() => biasVarianceSpecs({ ...options, family: 'mlp', capacities: [0] })).toThrow(/capacities\[0\] must be an integer >= 1, got 0/);
  });
});
