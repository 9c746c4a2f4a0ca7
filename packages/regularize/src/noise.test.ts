import { Linear, mean, referenceBackend, Sequential, sum, tensor, wasmBackend } from '@descent/autodiff';
import { Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { InputNoise } from './layers/input-noise.js';
import { weightNoise } from './weight-noise.js';

const ref = referenceBackend();

function moments(v: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const m = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i]! - m) ** 2;
  return { mean: m, std: Math.sqrt(q / v.length) };
}

describe('InputNoise', () => {
  it('adds N(0, σ²) in training (mean and std within 5 standard errors), identity in eval', () => {
    const n = 100_000;
    const x = tensor(new Float64Array(n).fill(2), { backend: ref });
    const layer = new InputNoise(0.3, { rng: new Rng(1) });
    const d = layer.forward(x).data().map((v) => v - 2);
    const m = moments(d);
    expect(Math.abs(m.mean)).toBeLessThan((5 * 0.3) / Math.sqrt(n));
    expect(Math.abs(m.std - 0.3)).toBeLessThan((5 * 0.3) / Math.sqrt(2 * n));
    expect(layer.eval().forward(x)).toBe(x);
  });

  it('is seeded (same seed, same noise; fresh noise per call) and passes the gradient unchanged', () => {
    const x = tensor([1, 2, 3, 4], { backend: ref, requiresGrad: true });
    const a = new InputNoise(0.5, { rng: new Rng(4) });
    const b = new InputNoise(0.5, { rng: new Rng(4) });
    const ya = a.forward(x);
    expect(Array.from(ya.data())).toEqual(Array.from(b.forward(x).data()));
    expect(Array.from(a.forward(x).data())).not.toEqual(Array.from(ya.data()));
    sum(ya).backward();
    expect(Array.from(x.grad!.data())).toEqual([1, 1, 1, 1]);
  });

  it('works on the WASM backend and validates σ', () => {
    const x = tensor(new Float32Array(1000), { backend: wasmBackend() });
    expect(moments(new InputNoise(1, { rng: new Rng(2) }).forward(x).data()).std).toBeGreaterThan(0.9);
    expect(() => new InputNoise(-1, { rng: new Rng(0) })).toThrow(/InputNoise: std must be a finite number >= 0, got -1/);
  });
});

describe('weightNoise', () => {
  for (const [name, backend] of [['reference', ref], ['wasm', wasmBackend()]] as const) {
    it(`perturbs for one pass and restores the exact bits (${name})`, () => {
      const rng = new Rng(3);
      const model = new Sequential(new Linear(4, 3, { rng, backend }));
      const [w, b] = model.parameters();
      w!.assign([-0, 0, 1e-30, -1.5, 3, 7, 0.1, 0.2, 0.3, -0.4, 5e-8, 1]);
      const raw = (t: typeof w) => {
        const d = t!.data();
        return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
      };
      const before = raw(w);
      const beforeB = raw(b);
      const h = weightNoise({ std: 0.1 }).apply([w!, b!], new Rng(9));
      expect(raw(w)).not.toEqual(before);
      const loss = mean(model.forward(tensor([[1, 2, 3, 4]], { backend })));
      loss.backward();
      expect(w!.grad).not.toBeNull();
      h.remove();
      expect(raw(w)).toEqual(before);
      expect(raw(b)).toEqual(beforeB);
      expect(h.removed).toBe(true);
      expect(() => h.remove()).toThrow(/already removed/);
    });
  }

  it('restores a true −0 bit pattern exactly', () => {
    const t = tensor([0, 1], { backend: ref, requiresGrad: true });
    (t.storage as Float64Array)[0] = -0;
    const h = weightNoise({ std: 1 }).apply([t], new Rng(0));
    h.remove();
    expect(Object.is(t.data()[0], -0)).toBe(true);
  });

  it('draws fresh noise each apply, seeded; additive std and multiplicative form are right', () => {
    const n = 50_000;
    const t = tensor(new Float64Array(n).fill(2), { backend: ref, requiresGrad: true });
    const wn = weightNoise({ std: 0.2 });
    const rng = new Rng(5);
    const h1 = wn.apply([t], rng);
    const d1 = t.data().map((v) => v - 2);
    h1.remove();
    const h2 = wn.apply([t], rng);
    const d2 = t.data().map((v) => v - 2);
    h2.remove();
    expect(Array.from(d1.subarray(0, 10))).not.toEqual(Array.from(d2.subarray(0, 10)));
    const m = moments(d1);
    expect(Math.abs(m.mean)).toBeLessThan((5 * 0.2) / Math.sqrt(n));
    expect(Math.abs(m.std - 0.2)).toBeLessThan((5 * 0.2) / Math.sqrt(2 * n));
    const h3 = weightNoise({ std: 0.2 }).apply([t], new Rng(5));
    expect(Array.from(t.data().map((v) => v - 2))).toEqual(Array.from(d1));
    h3.remove();
    const hm = weightNoise({ std: 0.2, kind: 'multiplicative' }).apply([t], new Rng(5));
    const mult = t.data();
    expect(Math.max(...Array.from(mult, (v, i) => Math.abs(v - 2 * (1 + d1[i]!))))).toBeLessThan(1e-12);
    hm.remove();
    expect(() => weightNoise({ std: NaN })).toThrow(/weightNoise: std must be a finite number >= 0/);
  });
});
