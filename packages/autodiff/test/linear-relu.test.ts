// Sequential runs Linear → ReLU as one fused op (relu in the matmul's store; relu's backward mask
// in the next Linear's dx matmul). The fusion must be invisible: same values and gradients as
// the unfused composition, bit for bit, in every backward mode.
import { Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from '../src/index.js';

const bits = (t: ad.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.data()).buffer));

function model(seed: number) {
  const rng = new Rng(seed);
  const l1 = new ad.Linear(6, 16, { rng });
  const l2 = new ad.Linear(16, 12, { rng });
  const l3 = new ad.Linear(12, 3, { rng });
  const fused = new ad.Sequential(l1, new ad.ReLU(), l2, new ad.ReLU(), l3);
  // the same layers composed by hand from the unfused ops
  const plain = (x: ad.Tensor) => ad.linear(ad.relu(ad.linear(ad.relu(ad.linear(x, l1.weight, l1.bias!)), l2.weight, l2.bias!)), l3.weight, l3.bias!);
  const x = ad.randn([9, 6], rng, { std: 2 });
  const y = [0, 1, 2, 2, 1, 0, 0, 1, 2];
  return { fused, plain, x, y, params: fused.parameters() };
}

describe('Linear → ReLU fused in Sequential', () => {
  it('forward values and every parameter gradient of backward() are bit-identical to the unfused ops', () => {
    const { fused, plain, x, y, params } = model(1);
    const arena = ad.packModule(fused);
    arena.zeroGrad();
    ad.tidy(() => ad.crossEntropy(fused.forward(x), y).backward());
    const fusedGrads = params.map((p) => bits(p.grad!));
    arena.zeroGrad();
    ad.tidy(() => ad.crossEntropy(plain(x), y).backward());
    params.forEach((p, i) => expect(bits(p.grad!), `parameter ${i}`).toEqual(fusedGrads[i]));
    ad.tidy(() => expect(bits(fused.forward(x))).toEqual(bits(plain(x))));
    arena.free();
  });

  it('grad() for parameters and for a hidden activation equals the unfused path (no mask leaks into dL/dh)', () => {
    const { fused, plain, x, y, params } = model(2);
    ad.tidy(() => {
      const a = ad.grad(ad.crossEntropy(fused.forward(x), y), params);
      const b = ad.grad(ad.crossEntropy(plain(x), y), params);
      a.forEach((g, i) => expect(bits(g)).toEqual(bits(b[i]!)));
    });
  });

  it('a retained hidden gradient is dL/d(relu output), unmasked, as without fusion', () => {
    const { fused, x, y } = model(3);
    const l1 = fused.at(0) as ad.Linear;
    const l2 = fused.at(2) as ad.Linear;
    ad.tidy(() => {
      const h = l1.forwardRelu(x).retainGrad();
      ad.crossEntropy(fused.at(4).forward(l2.forwardRelu(h)), y).backward();
      const h2 = ad.relu(ad.linear(x, l1.weight, l1.bias!)).retainGrad();
      ad.crossEntropy(fused.at(4).forward(ad.relu(ad.linear(h2, l2.weight, l2.bias!))), y).backward();
      expect(bits(h.grad!)).toEqual(bits(h2.grad!));
      expect(h.grad!.data().some((g, i) => g !== 0 && h.data()[i] === 0)).toBe(true); // unmasked where relu is off
    });
  });

  it('gradcheck (f64, finite differences) and second order (hvp) through the fused op', () => {
    const ref = ad.referenceBackend();
    const rng = new Rng(4);
    const x = ad.randn([5, 4], rng, { backend: ref });
    const report = ad.gradcheck((w, b) => ad.sum(ad.mul(ad.linearRelu(x, w, b), ad.linearRelu(x, w, b))), [ad.randn([3, 4], rng, { backend: ref, requiresGrad: true }), ad.randn([3], rng, { backend: ref, requiresGrad: true })]);
    expect(report.ok, report.message).toBe(true);
    const w = ad.randn([3, 4], rng, { backend: ref });
    const v = Array.from({ length: 12 }, (_, i) => Math.cos(i));
    const f = (fn: typeof ad.linear) => (q: ad.Tensor) => ad.sum(ad.pow(fn(x, q), 3));
    const a = ad.hvp(f(ad.linearRelu), [w], [v]).hvp[0]!.data();
    const b = ad.hvp(f((xx, q) => ad.relu(ad.linear(xx, q))), [w], [v]).hvp[0]!.data();
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
