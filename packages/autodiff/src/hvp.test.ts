import { describe, expect, it } from 'vitest';
import * as ad from './index.js';

const ref = ad.referenceBackend();

describe('hvp (double backward)', () => {
  it('f = p0³·p1: H·v matches the analytic Hessian [[6p0p1, 3p0²], [3p0², 0]]', () => {
    const p = ad.tensor([1.3, -0.7], { backend: ref });
    const v = [0.4, 2];
    const f = (q: ad.Tensor) => ad.mul(ad.pow(ad.select(q, 0, 0), 3), ad.select(q, 0, 1));
    const r = ad.hvp(f, [p], [v]);
    const [a, b] = [1.3, -0.7];
    expect(r.value.item()).toBeCloseTo(a ** 3 * b, 12);
    expect([...r.grads[0]!.data()]).toEqual([3 * a * a * b, a ** 3].map((x) => expect.closeTo(x, 12)));
    const hv = [6 * a * b * v[0]! + 3 * a * a * v[1]!, 3 * a * a * v[0]!];
    expect([...r.hvp[0]!.data()]).toEqual(hv.map((x) => expect.closeTo(x, 12)));
  });

  it('logsumexp: H = diag(s) − s sᵀ with s = softmax(p)', () => {
    const pv = [0.2, -1, 0.5, 1.5];
    const v = [1, -0.5, 0.25, 2];
    const r = ad.hvp((q) => ad.logsumexp(q), [ad.tensor(pv, { backend: ref })], [v]);
    const e = pv.map(Math.exp);
    const z = e.reduce((s, x) => s + x, 0);
    const s = e.map((x) => x / z);
    const sv = s.reduce((acc, si, i) => acc + si * v[i]!, 0);
    const expected = s.map((si, i) => si * v[i]! - si * sv);
    expect([...r.hvp[0]!.data()]).toEqual(expected.map((x) => expect.closeTo(x, 12)));
  });

  it('matches finite differences of gradients for an MLP loss with every composite backward', () => {
    const W = ad.tensor([[0.3, -0.2, 0.5], [0.1, 0.4, -0.6]], { backend: ref });
    const x = ad.tensor([[1, 2, -1], [0.5, -0.3, 0.8], [0.2, 0.1, -0.4]], { backend: ref });
    const t = ad.tensor([[0.5, -1], [1, 0.2], [-0.3, 0.7]], { backend: ref });
    const fns: [string, (w: ad.Tensor) => ad.Tensor][] = [
      ['tanh+mse', (w) => ad.mseLoss(ad.tanh(ad.matmul(x, ad.transpose(w, 0, 1))), t)],
      ['sigmoid+softplus+gelu', (w) => ad.sum(ad.mul(ad.softplus(ad.sigmoid(ad.linear(x, w))), ad.gelu(ad.linear(x, w), 'tanh')))],
      ['gelu exact', (w) => ad.sum(ad.gelu(ad.linear(x, w)))],
      ['crossEntropy', (w) => ad.crossEntropy(ad.linear(x, w), [1, 0, 1], { labelSmoothing: 0.1 })],
      ['softmax/logSoftmax/div/sqrt', (w) => ad.sum(ad.div(ad.softmax(ad.linear(x, w)), ad.sqrt(ad.add(ad.exp(ad.logSoftmax(ad.linear(x, w))), 1))))],
      ['elu/leakyRelu/abs/pow', (w) => ad.sum(ad.pow(ad.add(ad.abs(ad.elu(ad.leakyRelu(ad.linear(x, w), 0.1))), 1), 1.5))],
      ['log/reciprocal/square/bce', (w) => ad.add(ad.sum(ad.log(ad.add(ad.reciprocal(ad.add(ad.square(ad.linear(x, w)), 1)), 1))), ad.binaryCrossEntropyWithLogits(ad.linear(x, w), ad.sigmoid(t)))],
      ['movement: slice/gather/indexSelect/concat/permute', (w) => {
        const h = ad.exp(ad.linear(x, w));
        const parts = ad.concat([ad.slice(h, 0, 0, 3, 2), ad.indexSelect(h, 0, [2, 2])], 0);
        return ad.sum(ad.mul(ad.gather(ad.permute(parts, [1, 0]), 1, [0, 3, 1, 2], [2, 2]), ad.tanh(ad.select(h, 0, 1))));
      }],
      ['maximum/where/max/variance/sum/mean', (w) => {
        const h = ad.tanh(ad.linear(x, w));
        const m = ad.where(ad.gt(h, 0), ad.square(h), ad.mul(h, 0.5));
        return ad.add(ad.add(ad.sum(ad.mul(ad.maximum(m, ad.mul(h, -0.3)), h)), ad.mean(ad.square(ad.max(h, 1)))), ad.sum(ad.variance(ad.exp(h), 0)));
      }],
      ['pow tensor exponent, logsumexp, vectorNorm', (w) => ad.add(ad.sum(ad.pow(ad.add(ad.exp(ad.linear(x, w)), 0.5), ad.sigmoid(ad.linear(x, w)))), ad.sum(ad.mul(ad.logsumexp(ad.linear(x, w), 1), ad.vectorNorm(w))))],
    ];
    const v = [0.7, -0.2, 0.4, 1, 0.3, -0.5];
    for (const [name, f] of fns) {
      const r = ad.hvp(f, [W], [v]);
      const gradAt = (eps: number) => {
        const w = ad.tensor(Array.from(W.data(), (wi, i) => wi + eps * v[i]!), { backend: ref, shape: [2, 3], requiresGrad: true });
        return ad.grad(f(w), [w])[0]!.data();
      };
      const h = 1e-5;
      const gp = gradAt(h);
      const gm = gradAt(-h);
      const fd = Array.from(gp, (g, i) => (g - gm[i]!) / (2 * h));
      const got = [...r.hvp[0]!.data()];
      got.forEach((g, i) => expect(Math.abs(g - fd[i]!), `${name}[${i}]: ${g} vs ${fd[i]}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd[i]!))));
    }
  });

  it('runs on the WASM backend too (f32)', () => {
    const r = ad.hvp((q) => ad.logsumexp(q), [ad.tensor([0.2, -1, 0.5])], [[1, 0, 0]]);
    const e = [0.2, -1, 0.5].map(Math.exp);
    const z = e.reduce((s, x) => s + x, 0);
    const s0 = e[0]! / z;
    expect(r.hvp[0]!.data()[0]).toBeCloseTo(s0 - s0 * s0, 5);
  });
});
