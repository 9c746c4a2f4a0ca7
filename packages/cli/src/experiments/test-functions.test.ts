import { describe, expect, it } from 'vitest';
import { TEST_FUNCTIONS } from './test-functions.js';

describe('2-D test functions', () => {
  it.each(TEST_FUNCTIONS.map((f) => [f.name, f] as const))('%s: gradient matches central differences (f64)', (_, fn) => {
    for (const [x, y] of [fn.start, [0.3, -0.7], [1.7, 0.4]] as [number, number][]) {
      const h = 1e-6;
      const gx = (fn.f(x + h, y) - fn.f(x - h, y)) / (2 * h);
      const gy = (fn.f(x, y + h) - fn.f(x, y - h)) / (2 * h);
      const [ax, ay] = fn.grad(x, y);
      expect(Math.abs(ax - gx)).toBeLessThan(1e-5 * Math.max(1, Math.abs(gx)));
      expect(Math.abs(ay - gy)).toBeLessThan(1e-5 * Math.max(1, Math.abs(gy)));
    }
  });
  it('have the stated minimum value at their minimisers', () => {
    expect(TEST_FUNCTIONS[0]!.f(1, 1)).toBe(0);
    expect(TEST_FUNCTIONS[1]!.f(3, 0.5)).toBe(0);
    expect(TEST_FUNCTIONS[2]!.f(3, 2)).toBe(0);
    expect(TEST_FUNCTIONS[3]!.f(0, 0)).toBe(0);
  });
});
