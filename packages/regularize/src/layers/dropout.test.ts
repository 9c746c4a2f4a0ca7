import { readFileSync } from 'node:fs';
import { referenceBackend, sum, tensor, wasmBackend, type Tensor } from '@descent/autodiff';
import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { Dropout, Dropout2d, dropout, dropout2d, dropoutWithMask } from './dropout.js';

type FT = { shape: number[]; data: (number | boolean)[] };
const all = (JSON.parse(readFileSync(new URL('../../../../fixtures/public/module.json', import.meta.url), 'utf8')) as { cases: any[] }).cases;
const ref = referenceBackend();
const num = (ft: FT) => ft.data.map(Number);

describe('Dropout against the PyTorch fixtures (explicit masks)', () => {
  it.each(all.filter((c) => c.module === 'Dropout').map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const x = tensor(num(c.inputs.x), { shape: c.inputs.x.shape, backend: ref, requiresGrad: true });
    const layer = new Dropout(c.attrs.p, { rng: new Rng(0) });
    const y = c.attrs.training ? layer.forwardWithMask(x, c.inputs.mask.data) : layer.eval().forward(x);
    y.backward(num(c.inputs.upstream));
    const close = (a: ArrayLike<number>, e: number[]) => e.forEach((v, i) => expect(Math.abs(a[i]! - v)).toBeLessThanOrEqual(1e-12 + 1e-12 * Math.abs(v)));
    close(y.data(), c.expected.output.data);
    close(x.grad!.data(), c.expected.grads.x.data);
  });
});

describe('seeded dropout', () => {
  const ones = (n: number, backend: any = ref) => tensor(new Float64Array(n).fill(1), { backend });

  it('keeps 1 − p of the elements, scales them by 1/(1 − p), preserves the mean', () => {
    const n = 200_000;
    for (const p of [0.1, 0.5, 0.8]) {
      const y = dropout(ones(n), p, new Rng(3)).data();
      let kept = 0;
      let total = 0;
      let wrongScale = 0;
      for (const v of y) {
        if (v !== 0) {
          kept++;
          if (Math.abs(v - 1 / (1 - p)) > 1e-12) wrongScale++;
        }
        total += v;
      }
      expect(wrongScale).toBe(0);
      // binomial: 5 standard deviations of the keep rate
      const sd = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(kept / n - (1 - p))).toBeLessThan(5 * sd);
      expect(Math.abs(total / n - 1)).toBeLessThan((5 * sd) / (1 - p));
    }
  });

  it('same seed → same mask, on both backends (the WASM fill equals the TS fill)', () => {
    const a = dropout(ones(1001), 0.3, new Rng(11)).data();
    const b = dropout(ones(1001), 0.3, new Rng(11)).data();
    const w = dropout(ones(1001, wasmBackend()), 0.3, new Rng(11)).data();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(w, (v) => v !== 0)).toEqual(Array.from(a, (v) => v !== 0));
    expect(Array.from(dropout(ones(1001), 0.3, new Rng(12)).data())).not.toEqual(Array.from(a));
  });

  it('the layer draws fresh masks each call from its stream, identity in eval, gradient through the mask', () => {
    const layer = new Dropout(0.5, { rng: new Rng(5) });
    const x = tensor(Array.from({ length: 64 }, (_, i) => i + 1), { backend: ref, requiresGrad: true });
    const y1 = layer.forward(x);
    const y2 = layer.forward(x);
    expect(Array.from(y1.data())).not.toEqual(Array.from(y2.data()));
    sum(y1).backward();
    const g = x.grad!.data();
    y1.data().forEach((v, i) => expect(g[i]).toBe(v === 0 ? 0 : 2));
    expect(layer.eval().forward(x)).toBe(x);
    expect(dropout(x, 0, new Rng(1))).toBe(x);
  });

  it('Dropout2d zeroes whole channels', () => {
    const x = tensor(new Float64Array(4 * 6 * 3 * 3).fill(1), { shape: [4, 6, 3, 3], backend: ref });
    const y = new Dropout2d(0.5, { rng: new Rng(9) }).forward(x).data();
    let dropped = 0;
    for (let ch = 0; ch < 24; ch++) {
      const plane = Array.from(y.subarray(ch * 9, ch * 9 + 9));
      expect(new Set(plane).size).toBe(1);
      expect([0, 2]).toContain(plane[0]);
      if (plane[0] === 0) dropped++;
    }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(24);
    expect(() => dropout2d(tensor([1, 2], { backend: ref }), 0.5, new Rng(1))).toThrow(/dropout2d: expected \[N, C, …\], got \[2\]/);
  });

  it('dropoutWithMask accepts a broadcasting tensor mask', () => {
    const x = tensor([[1, 2], [3, 4]], { backend: ref });
    const y = dropoutWithMask(x, tensor([[1], [0]], { backend: ref }) as Tensor, 0.5);
    expect(Array.from(y.data())).toEqual([2, 4, 0, 0]);
  });

  it('rejects p outside [0, 1) and bad masks, naming the layer and value', () => {
    expect(() => new Dropout(1, { rng: new Rng(0) })).toThrow(/Dropout: drop probability p must be in \[0, 1\), got 1/);
    expect(() => new Dropout2d(-0.1, { rng: new Rng(0) })).toThrow(/Dropout2d: drop probability/);
    expect(() => dropout(tensor([1], { backend: ref }), 1.5, new Rng(0))).toThrow(DescentError);
    expect(() => dropoutWithMask(tensor([1, 2], { backend: ref }), [1], 0.5)).toThrow(/mask has 1 entries, x \[2\] has 2/);
    expect(() => new Dropout(0.5, {} as never)).toThrow(/options.rng/);
  });
});
