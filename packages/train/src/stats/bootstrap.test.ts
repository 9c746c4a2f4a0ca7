import { describe, expect, it } from 'vitest';
import { Rng } from '@descent/optim-wasm';
import { bootstrapSample, bootstrapSamples, outOfBag } from './bootstrap.js';

describe('bootstrap and out-of-bag', () => {
  it('draws n indices in range with replacement, seeded', () => {
    const s = bootstrapSample(50, 3);
    expect(s.length).toBe(50);
    expect(s.every((i) => i >= 0 && i < 50)).toBe(true);
    expect(new Set(s).size).toBeLessThan(50); // repeats (probability of none is 50!/50^50)
    expect(Array.from(bootstrapSample(50, new Rng(3)))).toEqual(Array.from(s));
    expect(Array.from(bootstrapSample(50, 4))).not.toEqual(Array.from(s));
    expect(bootstrapSample(10, 3, 4).length).toBe(4);
  });

  it('out-of-bag is the ascending complement of the picked set', () => {
    expect(Array.from(outOfBag(8, [1, 0, 3, 4, 5, 1, 1, 7]))).toEqual([2, 6]);
    expect(Array.from(outOfBag(3, [0, 1, 2]))).toEqual([]);
    expect(Array.from(outOfBag(4, [2, 2, 2, 2]))).toEqual([0, 1, 3]);
  });

  it('about e⁻¹ of the rows are out of bag on average', () => {
    const draws = bootstrapSamples(500, 40, 11);
    const frac = draws.reduce((s, d) => s + d.oob.length, 0) / (40 * 500);
    // (1 - 1/n)^n = 0.3675 for n = 500; the sd of the mean over 40 draws is ~0.003.
    expect(Math.abs(frac - (1 - 1 / 500) ** 500)).toBeLessThan(0.015);
    for (const d of draws) {
      const inBag = new Set(d.sample);
      expect(inBag.size + d.oob.length).toBe(500);
      d.oob.forEach((i) => expect(inBag.has(i)).toBe(false));
    }
    expect(Array.from(bootstrapSamples(500, 2, 11)[1]!.sample)).toEqual(Array.from(draws[1]!.sample));
  });

  it('rejects indices out of range', () => {
    expect(() => outOfBag(3, [0, 3])).toThrow(/outOfBag: sample\[1\] = 3 is out of range \[0, 3\)/);
    expect(() => outOfBag(3, [0.5])).toThrow(/sample\[0\] = 0.5/);
    expect(() => bootstrapSample(0, 1)).toThrow(/bootstrapSample: 'n' must be an integer >= 1/);
  });
});
