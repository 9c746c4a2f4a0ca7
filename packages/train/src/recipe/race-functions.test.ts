// The one set of 2-D test functions (race, `descent experiment optimizers`, conformance fixtures):
// gradients against central differences, minima as stated, and the exact formulas of the fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS_2D, minimumOf, RACE_FUNCTIONS, TEST_FUNCTION_NAMES, TEST_FUNCTIONS_2D } from './race-functions.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'public');

describe('2-D test functions', () => {
  it.each(TEST_FUNCTION_NAMES.map((n) => [n, TEST_FUNCTIONS_2D[n]] as const))('%s: ∇f matches central differences (f64)', (name, fn) => {
    expect(fn.name).toBe(name);
    for (const [x, y] of [fn.start, [0.3, -0.7], [1.7, 0.4], [-1.1, 2.2]] as [number, number][]) {
      const h = 1e-6;
      const gx = (fn.f(x + h, y) - fn.f(x - h, y)) / (2 * h);
      const gy = (fn.f(x, y + h) - fn.f(x, y - h)) / (2 * h);
      const [ax, ay] = fn.grad(x, y);
      expect(Math.abs(ax - gx)).toBeLessThan(1e-6 * Math.max(1, Math.abs(gx)));
      expect(Math.abs(ay - gy)).toBeLessThan(1e-6 * Math.max(1, Math.abs(gy)));
    }
  });

  it('minima are stationary, inside the plotted box, and f* is the stated value', () => {
    for (const fn of Object.values(TEST_FUNCTIONS_2D)) {
      const [x0, x1, y0, y1] = fn.bounds;
      for (const [x, y] of fn.minima) {
        for (const g of fn.grad(x, y)) expect(Math.abs(g), fn.name).toBeLessThan(1e-4);
        expect(x >= x0 && x <= x1 && y >= y0 && y <= y1, fn.name).toBe(true);
      }
    }
    expect(TEST_FUNCTIONS_2D.rosenbrock.f(1, 1)).toBe(0);
    expect(TEST_FUNCTIONS_2D.beale.f(3, 0.5)).toBe(0);
    expect(TEST_FUNCTIONS_2D.himmelblau.f(3, 2)).toBe(0);
    expect(TEST_FUNCTIONS_2D.quadratic.f(0, 0)).toBe(0);
    expect(minimumOf(TEST_FUNCTIONS_2D.saddle)).toBe(-0.25);
    expect(minimumOf(TEST_FUNCTIONS_2D.himmelblau)).toBe(0);
  });

  it('the race menu is the first five; the quadratics differ only in κ (25 for the race, 100 for the fixtures)', () => {
    expect(Object.keys(FUNCTIONS_2D)).toEqual([...RACE_FUNCTIONS]);
    expect(TEST_FUNCTIONS_2D.quadratic.f(2, 1)).toBe(0.5 * (4 + 25));
    expect(TEST_FUNCTIONS_2D['ill-conditioned-quadratic'].f(2, 1)).toBe(0.5 * (4 + 100));
    expect(TEST_FUNCTIONS_2D['ill-conditioned-quadratic'].grad(2, 1)).toEqual([2, 100]);
  });

  it('reproduce the losses the PyTorch fixtures recorded at their starts (f64 of the f32 start)', () => {
    for (const file of ['rosenbrock', 'beale', 'himmelblau', 'ill_conditioned_quadratic']) {
      const doc = JSON.parse(readFileSync(join(FIXTURES, `optimizer_trajectory.${file}.json`), 'utf8')) as { cases: { function: { name: string }; inputs: { start: number[] }; expected: { losses: { data: number[] } | number[] } }[] };
      for (const c of doc.cases) {
        const fn = TEST_FUNCTIONS_2D[c.function.name.replace(/_/g, '-') as keyof typeof TEST_FUNCTIONS_2D];
        expect(fn, c.function.name).toBeDefined();
        const [x, y] = Float32Array.from(c.inputs.start);
        const losses = Array.isArray(c.expected.losses) ? c.expected.losses : c.expected.losses.data;
        // PyTorch evaluates in f32: agreement to f32 precision at the first iterate
        expect(Math.abs(fn.f(x!, y!) - losses[0]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(losses[0]!)));
      }
    }
  });
});
