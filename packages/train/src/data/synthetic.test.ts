import { describe, expect, it } from 'vitest';
import { Rng } from '@descent/optim-wasm';
import { classCounts, validateDataset, type Dataset } from './dataset.js';
import { blobs, circles, evenCounts, moons, spirals, xor } from './synthetic.js';

const pts = (d: Dataset) => Array.from({ length: d.n }, (_, i) => [d.x[2 * i]!, d.x[2 * i + 1]!] as const);
const counts = (d: Dataset) => Array.from(classCounts(d.y as Int32Array, d.classes));
const same = (a: Dataset, b: Dataset) => Array.from(a.x).join() === Array.from(b.x).join() && Array.from(a.y).join() === Array.from(b.y).join();

describe('synthetic classification generators', () => {
  const gens = {
    moons: (rng: number | Rng) => moons({ n: 101, noise: 0.1, rng }),
    circles: (rng: number | Rng) => circles({ n: 101, noise: 0.1, factor: 0.5, rng }),
    spirals: (rng: number | Rng) => spirals({ n: 101, noise: 0.1, classes: 3, turns: 1.5, rng }),
    xor: (rng: number | Rng) => xor({ n: 101, noise: 0.1, rng }),
    blobs: (rng: number | Rng) => blobs({ n: 101, centers: 4, std: 0.5, rng }),
  };
  for (const [name, gen] of Object.entries(gens)) {
    it(`${name}: valid, deterministic per seed, different across seeds`, () => {
      const a = validateDataset(gen(7));
      expect([a.name, a.n, a.features, a.task]).toEqual([name, 101, 2, 'classification']);
      expect(same(a, gen(new Rng(7)))).toBe(true);
      expect(same(a, gen(8))).toBe(false);
    });
  }

  it('class balance follows scikit-learn: n // k each, the first n % k one more', () => {
    expect(evenCounts(10, 3)).toEqual([4, 3, 3]);
    expect(counts(moons({ n: 101, rng: 1 }))).toEqual([50, 51]); // n_out = n // 2 in class 0
    expect(counts(circles({ n: 101, rng: 1 }))).toEqual([50, 51]);
    expect(counts(spirals({ n: 101, classes: 3, rng: 1 }))).toEqual([34, 34, 33]);
    expect(counts(xor({ n: 101, rng: 1 }))).toEqual([51, 50]);
    expect(counts(blobs({ n: 101, centers: 4, rng: 1 }))).toEqual([26, 25, 25, 25]);
  });

  it('without noise the points lie exactly on their curves', () => {
    for (const [i, [x, y]] of pts(moons({ n: 40, rng: 3 })).entries()) {
      const c = moons({ n: 40, rng: 3 }).y[i];
      const r = c === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      expect(r).toBeCloseTo(1, 5);
      expect(c === 0 ? y >= -1e-6 : y <= 0.5 + 1e-6).toBe(true);
    }
    const circ = circles({ n: 40, factor: 0.3, rng: 3 });
    pts(circ).forEach(([x, y], i) => expect(Math.hypot(x, y)).toBeCloseTo(circ.y[i] === 0 ? 1 : 0.3, 5));
    const sp = spirals({ n: 30, turns: 1, classes: 2, rng: 3 });
    pts(sp).forEach(([x, y]) => {
      const r = Math.hypot(x, y);
      expect(r).toBeGreaterThan(0.1 - 1e-6);
      expect(r).toBeLessThan(1 + 1e-6);
    });
    const xr = xor({ n: 40, rng: 3 });
    pts(xr).forEach(([x, y], i) => expect(xr.y[i]).toBe(x * y > 0 ? 0 : 1));
  });

  it('unshuffled rows come class by class; noise has the requested scale', () => {
    expect(Array.from(moons({ n: 6, rng: 0, shuffle: false }).y)).toEqual([0, 0, 0, 1, 1, 1]);
    const clean = moons({ n: 2000, rng: 9, shuffle: false });
    const noisy = moons({ n: 2000, noise: 0.2, rng: 9, shuffle: false });
    let ss = 0;
    for (let i = 0; i < clean.x.length; i++) ss += (noisy.x[i]! - clean.x[i]!) ** 2;
    expect(Math.sqrt(ss / clean.x.length)).toBeCloseTo(0.2, 1);
  });

  it('blobs: given centres and per-centre std; sample means near the centres', () => {
    const centers = [
      [0, 0, 0],
      [10, -10, 5],
    ];
    const d = blobs({ n: 2000, centers, std: [0.5, 1], rng: 11 });
    expect([d.features, d.classes]).toEqual([3, 2]);
    const mean = [0, 1].map((c) => [0, 1, 2].map((j) => {
      let s = 0;
      let m = 0;
      for (let i = 0; i < d.n; i++) if (d.y[i] === c) (s += d.x[i * 3 + j]!), m++;
      return s / m;
    }));
    mean.forEach((m, c) => m.forEach((v, j) => expect(Math.abs(v - centers[c]![j]!)).toBeLessThan(0.15)));
  });

  it('rejects bad options, naming the field', () => {
    expect(() => moons({ n: 1, rng: 0 })).toThrow(/moons: 'n' must be an integer >= 2, got 1/);
    expect(() => moons({ n: 10, noise: -1, rng: 0 })).toThrow(/moons: 'noise' must be a finite number >= 0/);
    expect(() => circles({ n: 10, factor: 1, rng: 0 })).toThrow(/circles: 'factor' must be in \[0, 1\)/);
    expect(() => spirals({ n: 10, classes: 1, rng: 0 })).toThrow(/spirals: 'classes'/);
    expect(() => blobs({ n: 10, centers: [[0, 0], [1]], rng: 0 })).toThrow(/centers\[1\] has 1 coordinates/);
    expect(() => blobs({ n: 10, centers: 3, std: [1, 1], rng: 0 })).toThrow(/2 std values for 3 centres/);
    expect(() => xor({ n: 10 } as never)).toThrow(/xor: 'rng' is required/);
  });
});
