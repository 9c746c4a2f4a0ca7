import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

// Statistical checks on fixed seeds (so they are deterministic); every tolerance is about 5
// standard errors of the statistic, stated beside it.
const N = 100_000;

function meanVar(xs: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  const m = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
  return [m, v / (xs.length - 1)];
}

function correlation(a: Float64Array, b: Float64Array): number {
  const [ma, va] = meanVar(a);
  const [mb, vb] = meanVar(b);
  let c = 0;
  for (let i = 0; i < a.length; i++) c += (a[i]! - ma) * (b[i]! - mb);
  return c / (a.length - 1) / Math.sqrt(va * vb);
}

/** Pearson chi-square of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((s, c) => s + c, 0);
  const e = total / counts.length;
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
}

describe('Rng distributions', () => {
  it('uniform: mean 1/2 (SE 0.0009, tol 0.005), variance 1/12 (SE 0.00024, tol 0.0012), range [0, 1)', () => {
    const xs = new Rng(101).fillUniform(new Float64Array(N));
    const [m, v] = meanVar(xs);
    expect(Math.abs(m - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(v - 1 / 12)).toBeLessThan(0.0012);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('normal: mean 0 (SE 0.0032, tol 0.016), std 1 (SE 0.0022, tol 0.011), both scalar and bulk', () => {
    const r = new Rng(102);
    const scalar = Float64Array.from({ length: N }, () => r.normal());
    const bulk = new Rng(103).fillNormal(new Float64Array(N));
    for (const xs of [scalar, bulk]) {
      const [m, v] = meanVar(xs);
      expect(Math.abs(m)).toBeLessThan(0.016);
      expect(Math.abs(Math.sqrt(v) - 1)).toBeLessThan(0.011);
    }
    const shifted = new Rng(104).fillNormal(new Float64Array(N), 3, 0.5);
    const [m, v] = meanVar(shifted);
    expect(Math.abs(m - 3)).toBeLessThan(0.008);
    expect(Math.abs(Math.sqrt(v) - 0.5)).toBeLessThan(0.006);
  });

  it('bernoulli keep rate p = 0.8 (SE 0.0013, tol 0.0065); p = 0 and 1 are exact', () => {
    const r = new Rng(105);
    let kept = 0;
    for (let i = 0; i < N; i++) if (r.bernoulli(0.8)) kept++;
    expect(Math.abs(kept / N - 0.8)).toBeLessThan(0.0065);
    for (let i = 0; i < 1000; i++) {
      expect(r.bernoulli(0)).toBe(false);
      expect(r.bernoulli(1)).toBe(true);
    }
  });

  it('int: in range, uniform (chi-square, 9 df, < 27.9 = p 0.001), no modulo bias at range 3·2^30', () => {
    const r = new Rng(106);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 50_000; i++) {
      const k = r.int(-3, 7);
      expect(k >= -3 && k < 7).toBe(true);
      counts[k + 3]!++;
    }
    expect(chiSquare(counts)).toBeLessThan(27.9);
    // w % range would put 1/2 of draws below 2^30 instead of 1/3 (SE 0.0033, tol 0.017).
    let low = 0;
    for (let i = 0; i < 20_000; i++) if (r.int(0, 3 * 2 ** 30) < 2 ** 30) low++;
    expect(Math.abs(low / 20_000 - 1 / 3)).toBeLessThan(0.017);
    // Ranges beyond 2^32 use 53 bits: mean of int(0, 2^40)/2^40 is 1/2 (SE 0.002, tol 0.01).
    let s = 0;
    for (let i = 0; i < 20_000; i++) s += r.int(0, 2 ** 40) / 2 ** 40;
    expect(Math.abs(s / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it('permutation is a permutation, and all 6 orders of 3 are equally likely (chi-square 5 df < 20.5)', () => {
    const r = new Rng(107);
    for (const n of [0, 1, 2, 17, 1000]) {
      const p = r.permutation(n);
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = r.permutation(3).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()])).toBeLessThan(20.5);
  });

  it('sampling with and without replacement, choice, shuffle', () => {
    const r = new Rng(108);
    const s = r.sampleWithReplacement(5, 10_000);
    const counts = new Array<number>(5).fill(0);
    for (const k of s) counts[k]!++;
    expect(chiSquare(counts)).toBeLessThan(18.5); // 4 df, p = 0.001
    const w = r.sampleWithoutReplacement(50, 20);
    expect(new Set(w).size).toBe(20);
    expect([...w].every((k) => k >= 0 && k < 50)).toBe(true);
    expect([...r.sampleWithoutReplacement(7, 7)].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(['a', 'b', 'c']).toContain(r.choice(['a', 'b', 'c']));
    const a = Int32Array.from([5, 6, 7, 8, 9]);
    expect([...r.shuffle(a)].sort()).toEqual([5, 6, 7, 8, 9]);
  });

  it('gamma and beta moments (tolerances ~5 SE over 50 000 draws)', () => {
    const r = new Rng(109);
    const M = 50_000;
    const cases: [string, () => number, number, number, number, number][] = [
      // name, draw, mean, var, tol mean, tol var
      ['gamma(2.5, 2)', () => r.gamma(2.5, 2), 5, 10, 0.07, 0.5],
      ['gamma(0.3)', () => r.gamma(0.3), 0.3, 0.3, 0.0125, 0.03],
      ['beta(0.4, 0.4)', () => r.beta(0.4, 0.4), 0.5, 0.16 / (0.64 * 1.8), 0.0085, 0.004],
      ['beta(2, 5)', () => r.beta(2, 5), 2 / 7, 10 / (49 * 8), 0.0036, 0.0012],
    ];
    for (const [name, draw, mean, variance, tm, tv] of cases) {
      const xs = Float64Array.from({ length: M }, draw);
      const [m, v] = meanVar(xs);
      expect(Math.abs(m - mean), name).toBeLessThan(tm);
      expect(Math.abs(v - variance), name).toBeLessThan(tv);
    }
    // Tiny α: X and Y underflow in linear space; log space keeps λ finite in [0, 1], mean 1/2.
    const xs = Float64Array.from({ length: 20_000 }, () => r.beta(0.01, 0.01));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(Math.abs(meanVar(xs)[0] - 0.5)).toBeLessThan(0.018);
  });

  it('streams are uncorrelated: forks, adjacent streams, adjacent seeds (|r| < 0.016 = 5 SE)', () => {
    const u = (r: Rng) => r.fillUniform(new Float64Array(N));
    const root = new Rng(110);
    const pairs: [Rng, Rng][] = [
      [root.fork('init'), root.fork('dropout')],
      [new Rng(110, 0), new Rng(110, 1)],
      [new Rng(110), new Rng(111)],
      [root.fork(0), root.fork(1)],
    ];
    for (const [a, b] of pairs) expect(Math.abs(correlation(u(a), u(b)))).toBeLessThan(0.016);
    // And a stream with itself one word later (serial correlation).
    const x = u(new Rng(112));
    expect(Math.abs(correlation(x.subarray(0, N - 1), x.subarray(1)))).toBeLessThan(0.016);
  });
});
