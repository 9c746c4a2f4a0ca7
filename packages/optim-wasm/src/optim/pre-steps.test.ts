import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { Rng } from '../rng/index.js';
import { adam } from './adam.js';
import { ParamArena } from './param-arena.js';
import { clipGradNorm, clipGradValue, gradientNoise } from './pre-steps.js';

const core = loadCoreSync();
const G = [3, -4, 0, 1.5, -2.5, 7, 0.25, -1, 2, -6, 5];

function arenaWithGrads(g = G): ParamArena {
  const a = ParamArena.pack(core, [4, 7]);
  a.grads.write(g);
  return a;
}

function norm(g: number[], p: number): number {
  if (p === Infinity) return Math.max(...g.map(Math.abs));
  return g.reduce((s, x) => s + Math.abs(x) ** p, 0) ** (1 / p);
}

describe('clipGradNorm (PyTorch clip_grad_norm_)', () => {
  for (const p of [2, 1, Infinity, 3]) {
    it(`norm type ${p}: returns the total norm and scales by maxNorm/(norm + 1e-6) when above`, () => {
      const arena = arenaWithGrads();
      const total = norm(G, p);
      expect(clipGradNorm(arena, 1.5, p)).toBeCloseTo(total, 5);
      const coef = Math.fround(1.5 / (total + 1e-6));
      const g = arena.grads.read();
      G.forEach((x, i) => expect(g[i]).toBe(Math.fround(Math.fround(x) * coef)));
      expect(norm(Array.from(g), p)).toBeCloseTo(1.5, 4);
    });
  }
  it('leaves gradients alone at or below maxNorm', () => {
    const arena = arenaWithGrads();
    expect(clipGradNorm(arena, 100)).toBeCloseTo(norm(G, 2), 5);
    expect(Array.from(arena.grads.read())).toEqual(G);
  });
  it('accumulates in f64 over many elements', () => {
    const arena = ParamArena.pack(core, [1_000_003]);
    arena.grads.fill(0.1);
    expect(clipGradNorm(arena, 1e9)).toBeCloseTo(Math.sqrt(1_000_003 * Math.fround(0.1) ** 2), 6);
    arena.free();
  });
  it('errors on bad arguments and, when asked, on a non-finite norm', () => {
    const arena = arenaWithGrads();
    expect(() => clipGradNorm(arena, -1)).toThrow(/maxNorm must be a finite number >= 0, got -1/);
    expect(() => clipGradNorm(arena, 1, 0)).toThrow(/normType must be > 0/);
    arena.grads.write([NaN], 3);
    expect(() => clipGradNorm(arena, 1, 2, { errorIfNonfinite: true })).toThrow(/total norm of order 2 of the gradients is NaN/);
  });
});

describe('clipGradValue (PyTorch clip_grad_value_)', () => {
  it('clamps every gradient to [-c, c]', () => {
    const arena = arenaWithGrads();
    clipGradValue(arena, 2.5);
    expect(Array.from(arena.grads.read())).toEqual(G.map((x) => Math.min(Math.max(x, -2.5), 2.5)));
    expect(() => clipGradValue(arena, -1)).toThrow(/clipValue must be a finite number >= 0, got -1/);
  });
});

describe('gradientNoise', () => {
  it('adds seeded N(0, std²) noise: the same seed gives the same gradients', () => {
    const a = arenaWithGrads();
    const b = arenaWithGrads();
    gradientNoise(a, { std: 0.5 }, new Rng(7));
    gradientNoise(b, { std: 0.5 }, new Rng(7));
    expect(Array.from(a.grads.read())).toEqual(Array.from(b.grads.read()));
    const noise = new Float32Array(G.length);
    new Rng(7).fillNormal(noise, 0, 0.5);
    const g = a.grads.read();
    G.forEach((x, i) => expect(g[i]).toBe(Math.fround(Math.fround(x) + noise[i]!)));
  });
  it('anneals σ² = eta/(1 + t)^gamma (Neelakantan et al.), gamma 0.55 by default', () => {
    const arena = ParamArena.pack(core, [200_000]);
    const sigma = gradientNoise(arena, { eta: 0.3, step: 9 }, new Rng(1));
    expect(sigma).toBeCloseTo(Math.sqrt(0.3 / 10 ** 0.55), 12);
    const g = arena.grads.read();
    const mean = g.reduce((s, x) => s + x, 0) / g.length;
    const sd = Math.sqrt(g.reduce((s, x) => s + (x - mean) ** 2, 0) / g.length);
    expect(Math.abs(mean)).toBeLessThan(5 * (sigma / Math.sqrt(g.length)));
    expect(Math.abs(sd / sigma - 1)).toBeLessThan(0.01);
    expect(gradientNoise(arena, { eta: 0.3, gamma: 1, step: 2 }, new Rng(1))).toBeCloseTo(Math.sqrt(0.1), 12);
    arena.free();
  });
  it('rejects negative std and bad schedules', () => {
    const arena = arenaWithGrads();
    expect(() => gradientNoise(arena, { std: -1 }, new Rng(1))).toThrow(/std must be a finite number >= 0, got -1/);
    expect(() => gradientNoise(arena, { eta: 0.1, step: -1 }, new Rng(1))).toThrow(/step must be a finite number >= 0, got -1/);
  });
});

describe('pre-steps compose in front of the fused update', () => {
  it('clip then Adam equals Adam on the pre-clipped gradients', () => {
    const a = arenaWithGrads();
    const b = arenaWithGrads(G.map((x) => x * Math.fround(1 / (norm(G, 2) + 1e-6))));
    const opt = adam({ lr: 0.1 });
    const sa = opt.init(a);
    const sb = opt.init(b);
    clipGradNorm(a, 1);
    opt.step(a, sa);
    opt.step(b, sb);
    const va = a.values.read();
    const vb = b.values.read();
    va.forEach((x, i) => expect(Math.abs(x - vb[i]!)).toBeLessThan(1e-6));
  });
});
