import { describe, expect, it } from 'vitest';
import * as ad from './index.js';

// PyTorch's choices at kinks and ties (fixtures/FORMAT.md §C), on both backends.
for (const [name, backend] of [['reference', ad.referenceBackend()], ['wasm', ad.wasmBackend()]] as const) {
  describe(`subgradient conventions (${name})`, () => {
    const g = (f: (x: ad.Tensor) => ad.Tensor, values: number[]) => {
      const x = ad.tensor(values, { backend, requiresGrad: true });
      f(x).backward(values.map(() => 1));
      return [...x.grad!.data()];
    };
    it("relu'(0) = 0 and abs'(0) = 0", () => {
      expect(g(ad.relu, [-1, 0, 2])).toEqual([0, 0, 1]);
      expect(g(ad.abs, [-1, 0, 2])).toEqual([-1, 0, 1]);
    });
    it('clamp passes the gradient where min <= x <= max (inclusive)', () => {
      expect(g((x) => ad.clamp(x, -0.5, 0.5), [-1, -0.5, 0.5, 1])).toEqual([0, 1, 1, 0]);
    });
    it('maximum/minimum send half of dy to each input at ties', () => {
      const a = ad.tensor([1, 2, 3], { backend, requiresGrad: true });
      const b = ad.tensor([1, 5, 0], { backend, requiresGrad: true });
      ad.sum(ad.maximum(a, b)).backward();
      expect([...a.grad!.data()]).toEqual([0.5, 0, 1]);
      expect([...b.grad!.data()]).toEqual([0.5, 1, 0]);
      a.zeroGrad();
      b.zeroGrad();
      ad.sum(ad.minimum(a, b)).backward();
      expect([...a.grad!.data()]).toEqual([0.5, 1, 0]);
      expect([...b.grad!.data()]).toEqual([0.5, 0, 1]);
    });
    it('amax splits the gradient evenly among ties; max(dim) sends it to the first argmax', () => {
      const x = ad.tensor([[3, 1, 3], [2, 2, 2]], { backend, requiresGrad: true });
      ad.amax(x, 1).backward([1, 3]);
      expect([...x.grad!.data()]).toEqual([0.5, 0, 0.5, 1, 1, 1]);
      x.zeroGrad();
      ad.max(x, 1).backward([1, 3]);
      expect([...x.grad!.data()]).toEqual([1, 0, 0, 3, 0, 0]);
    });
    it('binaryCrossEntropyWithLogits at x = 0 has gradient σ(0) − t', () => {
      const x = ad.tensor([0, 0], { backend, requiresGrad: true });
      ad.binaryCrossEntropyWithLogits(x, ad.tensor([1, 0.25], { backend }), { reduction: 'sum' }).backward();
      expect([...x.grad!.data()]).toEqual([-0.5, 0.25]);
    });
  });
}
