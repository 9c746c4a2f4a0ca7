import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from '../src/index.js';
import { ref } from './util.js';

const { init } = ad;

function moments(v: ArrayLike<number>) {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += v[i]!;
  m /= v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i]! - m) ** 2;
  return { mean: m, std: Math.sqrt(s / v.length), min: Math.min(...Array.from(v)), max: Math.max(...Array.from(v)) };
}

const big = (shape: number[]) => ad.zeros(shape, { backend: ref });

describe('calculateGain and calculateFans (PyTorch formulas)', () => {
  it('gains', () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('conv2d')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(init.calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(() => init.calculateGain('swish' as never)).toThrow(/calculateGain: unsupported nonlinearity 'swish'/);
  });
  it('fans of Linear and Conv2d weights', () => {
    expect(init.calculateFans([256, 784])).toEqual({ fanIn: 784, fanOut: 256 });
    expect(init.calculateFans([16, 8, 3, 3])).toEqual({ fanIn: 72, fanOut: 144 });
    expect(() => init.calculateFans([5])).toThrow(/at least 2 dims, got \[5\]/);
  });
});

describe('initializers: bounds, moments (n = 40,000; tolerances ≈ 5 standard errors) and determinism', () => {
  const n = [200, 200];
  it('zeros, ones, constant', () => {
    expect([...init.zeros(ad.ones([3], { backend: ref })).data()]).toEqual([0, 0, 0]);
    expect([...init.ones(big([2])).data()]).toEqual([1, 1]);
    expect([...init.constant(big([2]), -2.5).data()]).toEqual([-2.5, -2.5]);
    expect(() => init.constant(big([2]), NaN)).toThrow(/init.constant: value must be a finite number/);
  });
  it('uniform(a, b): inside [a, b), mean (a+b)/2, std (b−a)/√12', () => {
    const m = moments(init.uniform(big(n), new Rng(1), -2, 3).data());
    expect(m.min).toBeGreaterThanOrEqual(-2);
    expect(m.max).toBeLessThan(3);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * (5 / Math.sqrt(12)) / 200);
    expect(Math.abs(m.std - 5 / Math.sqrt(12))).toBeLessThan(0.02);
  });
  it('normal(mean, std)', () => {
    const m = moments(init.normal(big(n), new Rng(2), 1.5, 0.5).data());
    expect(Math.abs(m.mean - 1.5)).toBeLessThan(5 * 0.5 / 200);
    expect(Math.abs(m.std - 0.5)).toBeLessThan(0.01);
  });
  it('xavierUniform and xavierNormal with gain', () => {
    const a = 2 * Math.sqrt(6 / (200 + 200));
    const u = moments(init.xavierUniform(big(n), new Rng(3), 2).data());
    expect(u.min).toBeGreaterThanOrEqual(-a);
    expect(u.max).toBeLessThanOrEqual(a);
    expect(u.max).toBeGreaterThan(0.99 * a);
    expect(Math.abs(u.std - a / Math.sqrt(3))).toBeLessThan(0.01 * a);
    const g = moments(init.xavierNormal(big(n), new Rng(4), 2).data());
    expect(Math.abs(g.std - 2 * Math.sqrt(2 / 400))).toBeLessThan(0.01 * 2 * Math.sqrt(2 / 400));
  });
  it('kaimingUniform / kaimingNormal: fan_in vs fan_out, nonlinearity, a', () => {
    const w = () => big([100, 400]); // fanIn 400, fanOut 100
    const bIn = Math.sqrt(3) * Math.SQRT2 / Math.sqrt(400);
    const u = moments(init.kaimingUniform(w(), new Rng(5)).data());
    expect(u.min).toBeGreaterThanOrEqual(-bIn);
    expect(u.max).toBeLessThanOrEqual(bIn);
    expect(u.max).toBeGreaterThan(0.99 * bIn);
    const bOut = Math.sqrt(3) * (5 / 3) / Math.sqrt(100);
    const o = moments(init.kaimingUniform(w(), new Rng(6), { mode: 'fan_out', nonlinearity: 'tanh' }).data());
    expect(o.max).toBeLessThanOrEqual(bOut);
    expect(o.max).toBeGreaterThan(0.99 * bOut);
    const k = moments(init.kaimingNormal(w(), new Rng(7), { a: 0.2, mode: 'fanIn' }).data());
    const std = Math.sqrt(2 / (1 + 0.04)) / 20;
    expect(Math.abs(k.std - std)).toBeLessThan(0.01 * std);
    expect(Math.abs(k.mean)).toBeLessThan(5 * std / 200);
  });
  it('PyTorch default: kaimingUniform(a = √5) is U(−1/√fanIn, 1/√fanIn)', () => {
    const u = moments(init.kaimingUniform(big([50, 800]), new Rng(8), { a: Math.sqrt(5) }).data());
    expect(u.min).toBeGreaterThanOrEqual(-1 / Math.sqrt(800));
    expect(u.max).toBeLessThanOrEqual(1 / Math.sqrt(800));
    expect(u.max).toBeGreaterThan(0.99 / Math.sqrt(800));
  });
  it('same seed → same values on both backends (uniform runs the WASM kernel there); different seeds differ', () => {
    for (const fill of [(t: ad.Tensor, r: Rng) => init.kaimingNormal(t, r), (t: ad.Tensor, r: Rng) => init.kaimingUniform(t, r, { a: Math.sqrt(5) })]) {
      const a = fill(big([30, 21]), new Rng(9)).data();
      const b = fill(ad.zeros([30, 21]), new Rng(9)).data();
      const c = fill(big([30, 21]), new Rng(10)).data();
      expect([...b]).toEqual([...a]);
      expect([...c]).not.toEqual([...a]);
    }
    const r1 = new Rng(5);
    const r2 = new Rng(5);
    init.uniform(ad.zeros([7]), r1);
    init.uniform(big([7]), r2);
    expect(r1.uniform()).toBe(r2.uniform()); // both paths advance the stream alike
  });
  it('bumps the version (a graph saved before the init refuses to run backward)', () => {
    const w = ad.ones([2, 2], { backend: ref, requiresGrad: true });
    const y = ad.mul(w, w);
    init.uniform(w, new Rng(1));
    expect(() => ad.sum(y).backward()).toThrow(/modified in place/);
  });
  it('bad arguments', () => {
    expect(() => init.uniform(big([2]), new Rng(1), 1, 0)).toThrow(/init.uniform: need a ≤ b/);
    expect(() => init.normal(big([2]), new Rng(1), 0, -1)).toThrow(/init.normal: std must be ≥ 0/);
    expect(() => init.uniform(big([2]), undefined as never)).toThrow(/init.uniform: needs a seeded Rng/);
    expect(() => init.kaimingUniform(big([2, 0]), new Rng(1))).toThrow(/fan_in is 0 for a tensor \[2, 0\]/);
    expect(() => init.kaimingUniform(big([2, 2]), new Rng(1), { mode: 'x' as never })).toThrow(DescentError);
    expect(() => init.xavierNormal(big([3]), new Rng(1))).toThrow(/init.xavierNormal: .*at least 2 dims/);
  });
});

describe('default init of Linear and Conv2d (PyTorch)', () => {
  it('Linear: weight and bias in U(−1/√in, 1/√in); the rng is required', () => {
    const lin = new ad.Linear(300, 200, { rng: new Rng(11), backend: ref });
    const k = 1 / Math.sqrt(300);
    const w = moments(lin.weight.data());
    const b = moments(lin.bias!.data());
    expect(w.min).toBeGreaterThanOrEqual(-k);
    expect(w.max).toBeLessThanOrEqual(k);
    expect(Math.abs(w.std - k / Math.sqrt(3))).toBeLessThan(0.02 * k);
    expect(b.min).toBeGreaterThanOrEqual(-k);
    expect(b.max).toBeLessThanOrEqual(k);
    expect(() => new ad.Linear(3, 2, {} as never)).toThrow(/Linear: needs a seeded Rng/);
  });
  it('Conv2d: bound 1/√(inC·kh·kw)', () => {
    const conv = new ad.Conv2d(8, 64, [3, 5], { rng: new Rng(12), backend: ref });
    const k = 1 / Math.sqrt(8 * 15);
    const w = moments(conv.weight.data());
    expect(w.min).toBeGreaterThanOrEqual(-k);
    expect(w.max).toBeLessThanOrEqual(k);
    expect(w.max).toBeGreaterThan(0.98 * k);
    const b = moments(conv.bias!.data());
    expect(b.max).toBeLessThanOrEqual(k);
  });
  it('one seed builds the same model twice', () => {
    const make = () => new ad.Sequential(new ad.Linear(5, 4, { rng: new Rng(13) }), new ad.ReLU(), new ad.Linear(4, 2, { rng: new Rng(13).fork('out') }));
    const a = make().stateDict();
    const b = make().stateDict();
    for (const k of Object.keys(a)) expect([...b[k]!.data]).toEqual([...a[k]!.data]);
  });
});
