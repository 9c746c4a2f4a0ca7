import { DescentError, F32Buffer, getCore } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from './index.js';

const ref = ad.referenceBackend();
const R = { backend: ref };

describe('tensor creation and access', () => {
  it('builds from nested arrays, flat arrays with a shape, and numbers', () => {
    const a = ad.tensor([[1, 2, 3], [4, 5, 6]], R);
    expect(a.shape).toEqual([2, 3]);
    expect(a.size).toBe(6);
    expect(a.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect([...a.data()]).toEqual([1, 2, 3, 4, 5, 6]);
    const b = ad.tensor(new Float32Array([1, 2, 3, 4]), { ...R, shape: [2, 1, 2] });
    expect(b.toArray()).toEqual([[[1, 2]], [[3, 4]]]);
    const s = ad.tensor(3.5, R);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(3.5);
    expect(s.toArray()).toBe(3.5);
  });

  it('zeros, ones, full, arange, zerosLike', () => {
    expect(ad.zeros([2, 2], R).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(ad.ones([3], R).toArray()).toEqual([1, 1, 1]);
    expect(ad.full([1, 2], 7, R).toArray()).toEqual([[7, 7]]);
    expect(ad.arange(4, undefined, 1, R).toArray()).toEqual([0, 1, 2, 3]);
    expect(ad.arange(1, 2, 0.25, R).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(ad.zerosLike(ad.ones([2], R), 5).toArray()).toEqual([5, 5]);
  });

  it('rand and randn draw from the seeded Rng, reproducibly, on both backends', async () => {
    const { Rng } = await import('@descent/optim-wasm');
    const u1 = ad.rand([1000], new Rng(3), R).data();
    const u2 = ad.rand([1000], new Rng(3), R).data();
    expect([...u1]).toEqual([...u2]);
    expect(Math.min(...u1)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u1)).toBeLessThan(1);
    const n = ad.randn([4000], new Rng(4), { backend: ad.wasmBackend(), mean: 2, std: 0.5 }).data();
    const mean = Array.from(n).reduce((s, v) => s + v, 0) / n.length;
    expect(Math.abs(mean - 2)).toBeLessThan(0.05);
  });

  it('rejects ragged arrays, wrong sizes and non-scalar item()', () => {
    expect(() => ad.tensor([[1, 2], [3]], R)).toThrow(/ragged/);
    expect(() => ad.tensor([1, 2, 3], { ...R, shape: [2, 2] })).toThrow(/3 values do not fill shape \[2, 2\]/);
    expect(() => ad.tensor([1, 2], R).item()).toThrow(DescentError);
  });

  it('the default backend is WASM (f32 F32Buffer storage); withBackend switches it', () => {
    const w = ad.tensor([1, 2]);
    expect(w.backend.name).toBe('wasm');
    expect(w.storage).toBeInstanceOf(F32Buffer);
    expect(w.data()).toBeInstanceOf(Float32Array);
    const r = ad.withBackend(ref, () => ad.tensor([1, 2]));
    expect(r.backend).toBe(ref);
    expect(r.data()).toBeInstanceOf(Float64Array);
  });
});

describe('backward', () => {
  it('computes leaf gradients and accumulates them across calls (+=); zeroGrad resets', () => {
    const x = ad.tensor([1, 2, 3], { ...R, requiresGrad: true });
    const f = () => ad.sum(ad.mul(x, x));
    f().backward();
    expect([...x.grad!.data()]).toEqual([2, 4, 6]);
    f().backward();
    expect([...x.grad!.data()]).toEqual([4, 8, 12]);
    x.zeroGrad();
    expect([...x.grad!.data()]).toEqual([0, 0, 0]);
  });

  it('a non-scalar output needs a seed; a seed of the wrong shape is an error', () => {
    const x = ad.tensor([1, 2], { ...R, requiresGrad: true });
    const y = ad.mul(x, 3);
    expect(() => y.backward()).toThrow(/not a scalar; pass the upstream gradient/);
    expect(() => y.backward([1, 2, 3])).toThrow(/seed has 3 values/);
    y.backward([1, -1]);
    expect([...x.grad!.data()]).toEqual([3, -3]);
  });

  it('a node used several times sums its gradients (z = a·b; z² + e^z − a·z)', () => {
    const a = ad.tensor([0.5, -1], { ...R, requiresGrad: true });
    const b = ad.tensor([2, 0.3], { ...R, requiresGrad: true });
    const z = ad.mul(a, b);
    ad.sum(ad.sub(ad.add(ad.mul(z, z), ad.exp(z)), ad.mul(a, z))).backward();
    const ga = [0, 1].map((i) => {
      const [av, bv] = [[0.5, -1][i]!, [2, 0.3][i]!];
      const zv = av * bv;
      return 2 * zv * bv + Math.exp(zv) * bv - zv - av * bv;
    });
    expect([...a.grad!.data()].map((v, i) => v - ga[i]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
  });

  it('noGrad records nothing; detach cuts the graph; backward needs requiresGrad', () => {
    const x = ad.tensor([1, 2], { ...R, requiresGrad: true });
    const y = ad.noGrad(() => ad.mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(() => ad.sum(y).backward()).toThrow(/does not require grad/);
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect([...d.data()]).toEqual([1, 2]);
  });

  it('retainGrad keeps a non-leaf gradient', () => {
    const x = ad.tensor([1, 2], { ...R, requiresGrad: true });
    const h = ad.mul(x, 3).retainGrad();
    ad.sum(ad.mul(h, h)).backward();
    expect([...h.grad!.data()]).toEqual([6, 12]);
  });

  it('grad() returns gradients without touching .grad', () => {
    const x = ad.tensor([1, 2], { ...R, requiresGrad: true });
    const [g] = ad.grad(ad.sum(ad.exp(x)), [x]);
    expect([...g!.data()]).toEqual([Math.exp(1), Math.exp(2)]);
    expect(x.grad).toBeNull();
    const unused = ad.tensor([1], { ...R, requiresGrad: true });
    expect(() => ad.grad(ad.sum(ad.exp(x)), [unused])).toThrow(/not used by the outputs/);
  });
});

describe('errors are clear DescentErrors, never wrong gradients', () => {
  it('a shape mismatch names the op and both shapes', () => {
    const a = ad.ones([2, 3], R);
    const b = ad.ones([4], R);
    expect(() => ad.add(a, b)).toThrow(/add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
    expect(() => ad.matmul(a, ad.ones([2, 2], R))).toThrow(/matmul: shapes \[2, 3\] and \[2, 2\] do not align/);
    expect(() => ad.reshape(a, [4, 2])).toThrow(/reshape: cannot reshape \[2, 3\]/);
    expect(() => ad.mseLoss(a, ad.ones([3, 2], R))).toThrow(/mseLoss: input \[2, 3\] and target \[3, 2\]/);
    expect(() => ad.crossEntropy(a, [0, 3])).toThrow(/target 3 at row 1 is not a class index in \[0, 3\)/);
  });

  it('using a disposed tensor fails with a DescentError', () => {
    const x = ad.tensor([1, 2], R);
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => ad.exp(x)).toThrow(/exp: tensor \[2\] was disposed/);
    const w = ad.tensor([1, 2]);
    w.dispose();
    expect(() => w.data()).toThrow(DescentError);
  });

  it('an in-place change to a tensor saved for backward is caught (version counter)', () => {
    const x = ad.tensor([1, 2], { ...R, requiresGrad: true });
    const w = ad.tensor([3, 4], R);
    const y = ad.sum(ad.mul(x, w));
    w.assign([5, 6]);
    expect(() => y.backward()).toThrow(/backward of 'mul': a tensor \[2\] it saved was modified in place/);
    const y2 = ad.sum(ad.exp(x));
    x.markModified();
    expect(() => y2.backward()).toThrow(/modified in place/);
  });

  it('a tensor whose graph was freed by tidy cannot be back-propagated', () => {
    const x = ad.tensor([1, 2], { requiresGrad: true });
    const y = ad.tidy(() => ad.sum(ad.exp(ad.mul(x, 2))));
    expect(y.item()).toBeCloseTo(Math.exp(2) + Math.exp(4), 3);
    expect(() => y.backward()).toThrow(/was disposed \(or freed when its tidy scope ended\)/);
  });

  it('mixing backends is an error naming the op', () => {
    expect(() => ad.add(ad.ones([2], R), ad.ones([2]))).toThrow(/add: inputs live on different backends/);
  });
});

describe('parameters bound to a flat arena', () => {
  it('gradients land in the arena grad views; values live in the arena', () => {
    const core = getCore();
    const w = ad.tensor([[1, 2], [3, 4]], { requiresGrad: true, name: 'w' });
    const b = ad.tensor([0.5, -0.5], { requiresGrad: true, name: 'b' });
    const arena = ad.packParameters([w, b], core);
    expect([...arena.values.read()]).toEqual([1, 2, 3, 4, 0.5, -0.5]);
    const x = ad.tensor([[1, 1]]);
    ad.tidy(() => ad.sum(ad.add(ad.matmul(x, w), b)).backward());
    expect([...arena.grads.read()]).toEqual([1, 1, 1, 1, 1, 1]);
    ad.tidy(() => ad.sum(ad.mul(ad.add(ad.matmul(x, w), b), 2)).backward());
    expect([...arena.grads.read()]).toEqual([3, 3, 3, 3, 3, 3]);
    // an optimizer writes the arena in place: the tensor sees it
    arena.values.write([0, 0, 0, 0, 1, 1]);
    expect(w.toArray()).toEqual([[0, 0], [0, 0]]);
    w.zeroGrad();
    expect([...arena.grads.read()]).toEqual([0, 0, 0, 0, 3, 3]);
  });

  it('a 1,000-step training loop inside tidy holds WASM memory flat', () => {
    const core = getCore();
    const w1 = ad.tensor(Array.from({ length: 12 }, (_, i) => Math.sin(i) * 0.5), { shape: [4, 3], requiresGrad: true });
    const b1 = ad.zeros([4], { requiresGrad: true });
    const w2 = ad.tensor(Array.from({ length: 8 }, (_, i) => Math.cos(i) * 0.5), { shape: [2, 4], requiresGrad: true });
    const params = [w1, b1, w2];
    const arena = ad.packParameters(params, core);
    const x = ad.tensor(Array.from({ length: 24 }, (_, i) => Math.sin(0.3 * i)), { shape: [8, 3] });
    const y = [0, 1, 1, 0, 1, 0, 0, 1];
    const losses: number[] = [];
    let heapAfterWarmup = 0;
    let liveAfterWarmup = 0;
    for (let step = 0; step < 1000; step++) {
      const loss = ad.tidy(() => {
        for (const p of params) p.zeroGrad();
        const l = ad.crossEntropy(ad.linear(ad.tanh(ad.linear(x, w1, b1)), w2), y);
        l.backward();
        return l.item();
      });
      // plain SGD on the arena: p -= 0.5 g
      const v = arena.values.read();
      const g = arena.grads.read();
      arena.values.write(v.map((p, i) => p - 0.5 * g[i]!));
      for (const p of params) p.markModified();
      losses.push(loss);
      if (step === 10) {
        heapAfterWarmup = core.heapTop;
        liveAfterWarmup = core.liveBytes;
      }
    }
    expect(core.heapTop).toBe(heapAfterWarmup);
    expect(core.liveBytes).toBe(liveAfterWarmup);
    expect(losses[999]!).toBeLessThan(losses[0]! * 0.5);
  });
});
