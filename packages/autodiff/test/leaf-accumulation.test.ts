// A plain backward() adds Linear's weight and bias gradients straight into the parameters'
// gradient buffers (no temporary). These tests pin that the shortcut changes nothing a user sees:
// the same numbers as the functional grad() path, accumulation across calls, leaves without a
// buffer yet, and no partial write when backward fails.
import { Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from '../src/index.js';

const bits = (t: ad.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.data()).buffer));

function setup(seed: number) {
  const rng = new Rng(seed);
  const model = new ad.Sequential(new ad.Linear(5, 7, { rng }), new ad.ReLU(), new ad.Linear(7, 3, { rng }));
  const x = ad.randn([6, 5], rng);
  const y = [0, 2, 1, 1, 0, 2];
  return { model, x, y };
}

describe('Linear gradients accumulated in place during backward()', () => {
  it('equal the functional grad() results bit for bit, for arena-bound parameters', () => {
    const { model, x, y } = setup(3);
    const arena = ad.packModule(model);
    const params = model.parameters();
    const viaGrad = ad.tidy(() => ad.grad(ad.crossEntropy(model.forward(x), y), params).map((g) => ad.tensor(g.data(), { shape: g.shape })));
    arena.zeroGrad();
    ad.tidy(() => ad.crossEntropy(model.forward(x), y).backward());
    params.forEach((p, i) => expect(bits(p.grad!), p.name ?? `param ${i}`).toEqual(bits(viaGrad[i]!)));
    arena.free();
  });

  it('add up across backward() calls (grad += …) and bump the gradient version', () => {
    const { model, x, y } = setup(4);
    const arena = ad.packModule(model);
    arena.zeroGrad();
    const w = model.parameters()[0]!;
    ad.tidy(() => ad.crossEntropy(model.forward(x), y).backward());
    const once = Float32Array.from(w.grad!.data());
    const v = w.grad!.version;
    ad.tidy(() => ad.crossEntropy(model.forward(x), y).backward());
    expect(w.grad!.version).toBeGreaterThan(v);
    const twice = w.grad!.data();
    once.forEach((g, i) => expect(twice[i]).toBe(Math.fround(g + g)));
    arena.free();
  });

  it('plain leaves without a gradient buffer get one on the first call, then accumulate', () => {
    const { model, x, y } = setup(5);
    const w = model.parameters()[0]!;
    expect(w.grad).toBeNull();
    ad.tidy(() => ad.crossEntropy(model.forward(x), y).backward());
    const first = Float32Array.from(w.grad!.data());
    ad.tidy(() => ad.crossEntropy(model.forward(x), y).backward());
    const second = w.grad!.data();
    first.forEach((g, i) => expect(second[i]).toBe(Math.fround(g + g)));
  });

  it('a backward that fails (a saved tensor modified in place) writes no gradient at all', () => {
    const { model, x, y } = setup(6);
    const arena = ad.packModule(model);
    arena.zeroGrad();
    const w = model.parameters()[0]!;
    ad.tidy(() => {
      const h = model.forward(x);
      const loss = ad.crossEntropy(h, y);
      x.assign(new Float32Array(x.size).fill(1)); // x is saved by the first Linear
      expect(() => loss.backward()).toThrow(/modified in place/);
    });
    expect(Array.from(w.grad!.data()).every((g) => g === 0)).toBe(true);
    arena.free();
  });
});
