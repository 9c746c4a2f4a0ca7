import { describe, expect, it } from 'vitest';
import { referenceBackend, withBackend } from './context.js';
import { tensor } from './create.js';
import { gradcheck } from './gradcheck.js';
import * as ad from './index.js';
import type { Tensor } from './tensor.js';

type T = Tensor<Float64Array>;
type Case = [name: string, fn: (...xs: T[]) => T, inputs: Record<string, unknown>];

// Inputs avoid kinks (relu/abs at 0, clamp bounds, ties) where the derivative is not defined.
const x23 = [[0.3, -1.2, 0.7], [1.5, -0.4, 0.9]];
const pos23 = [[0.3, 1.2, 0.7], [1.5, 0.4, 2.9]];
const y23 = [[-0.5, 0.8, 1.1], [0.2, -1.3, 0.6]];

const cases: Case[] = [
  ['add broadcast', (a, b) => ad.add(a, b), { a: x23, b: [0.1, -0.2, 0.3] }],
  ['add scalar', (a) => ad.add(a, 2.5), { a: x23 }],
  ['sub broadcast column', (a, b) => ad.sub(a, b), { a: x23, b: [[0.5], [-1]] }],
  ['sub scalar first', (a) => ad.sub(3, a), { a: x23 }],
  ['mul broadcast both sides', (a, b) => ad.mul(a, b), { a: [[0.5], [-1.5], [2]], b: [[0.3, -0.7]] }],
  ['div', (a, b) => ad.div(a, b), { a: x23, b: pos23 }],
  ['div scalar first', (a) => ad.div(2, a), { a: pos23 }],
  ['neg', (a) => ad.neg(a), { a: x23 }],
  ['pow scalar 3', (a) => ad.pow(a, 3), { a: x23 }],
  ['pow scalar -1.5', (a) => ad.pow(a, -1.5), { a: pos23 }],
  ['pow tensor', (a, b) => ad.pow(a, b), { a: pos23, b: y23 }],
  ['pow tensor broadcast', (a, b) => ad.pow(a, b), { a: pos23, b: [0.5, 2, -1] }],
  ['exp', (a) => ad.exp(a), { a: x23 }],
  ['log', (a) => ad.log(a), { a: pos23 }],
  ['sqrt', (a) => ad.sqrt(a), { a: pos23 }],
  ['square', (a) => ad.square(a), { a: x23 }],
  ['reciprocal', (a) => ad.reciprocal(a), { a: pos23 }],
  ['abs', (a) => ad.abs(a), { a: x23 }],
  ['sin', (a) => ad.sin(a), { a: x23 }],
  ['cos', (a) => ad.cos(a), { a: x23 }],
  ['sin, cos of large |x|', (a) => ad.mul(ad.sin(a), ad.cos(a)), { a: [[31.375, -100.25, 1000.25], [-2000.75, 45000.125, 70000.5]] }],
  ['tanh', (a) => ad.tanh(a), { a: x23 }],
  ['sigmoid', (a) => ad.sigmoid(a), { a: x23 }],
  ['relu', (a) => ad.relu(a), { a: x23 }],
  ['leakyRelu', (a) => ad.leakyRelu(a, 0.2), { a: x23 }],
  ['elu', (a) => ad.elu(a, 1.3), { a: x23 }],
  ['gelu exact', (a) => ad.gelu(a), { a: x23 }],
  ['gelu tanh', (a) => ad.gelu(a, 'tanh'), { a: x23 }],
  ['softplus', (a) => ad.softplus(a, 2, 1), { a: [[0.3, -1.2, 0.7], [1.5, -0.4, 0.2]] }],
  ['clamp', (a) => ad.clamp(a, -0.5, 1), { a: x23 }],
  ['clamp min only', (a) => ad.clamp(a, 0.1), { a: x23 }],
  ['maximum', (a, b) => ad.maximum(a, b), { a: x23, b: y23 }],
  ['minimum broadcast', (a, b) => ad.minimum(a, b), { a: x23, b: [0.1, 0.2, 0.5] }],
  ['where', (a, b) => ad.where(tensor([[1, 0, 1], [0, 0, 1]]) as T, a, b), { a: x23, b: [1, 2, 3] }],
  ['matmul 2d', (a, b) => ad.matmul(a, b), { a: x23, b: [[0.1, 0.2], [0.3, -0.4], [-0.5, 0.6]] }],
  ['matmul batched broadcast', (a, b) => ad.matmul(a, b), { a: rnd([2, 1, 2, 3], 1), b: rnd([3, 3, 2], 2) }],
  ['matmul batched same', (a, b) => ad.matmul(a, b), { a: rnd([2, 2, 3], 3), b: rnd([2, 3, 4], 4) }],
  ['matmul shared left', (a, b) => ad.matmul(a, b), { a: rnd([2, 3], 5), b: rnd([4, 3, 2], 6) }],
  ['matmul vector-matrix', (a, b) => ad.matmul(a, b), { a: [0.5, -1, 2], b: rnd([3, 2], 7) }],
  ['matmul matrix-vector', (a, b) => ad.matmul(a, b), { a: rnd([2, 3], 8), b: [0.5, -1, 2] }],
  ['matmul dot', (a, b) => ad.matmul(a, b), { a: [0.5, -1, 2], b: [1, 2, 3] }],
  ['linear', (x, w, b) => ad.linear(x, w, b), { x: rnd([2, 2, 3], 9), w: rnd([4, 3], 10), b: [0.1, 0.2, 0.3, 0.4] }],
  ['reshape', (a) => ad.mul(ad.reshape(a, [3, -1]), tensor([[1, 2], [3, 4], [5, 6]]) as T), { a: x23 }],
  ['flatten/unsqueeze/squeeze', (a) => ad.squeeze(ad.unsqueeze(ad.flatten(a), 0)), { a: x23 }],
  ['transpose', (a) => ad.transpose(a, 0, 1), { a: x23 }],
  ['permute', (a) => ad.permute(a, [2, 0, 1]), { a: rnd([2, 3, 4], 11) }],
  ['slice with step', (a) => ad.slice(a, 1, 0, 4, 2), { a: rnd([3, 5], 12) }],
  ['slice negative', (a) => ad.slice(a, -1, -3), { a: rnd([3, 5], 13) }],
  ['select', (a) => ad.select(a, 1, -1), { a: rnd([3, 5], 14) }],
  ['concat', (a, b) => ad.concat([a, b], 1), { a: rnd([2, 2], 15), b: rnd([2, 3], 16) }],
  ['stack', (a, b) => ad.stack([a, b], 1), { a: rnd([2, 3], 17), b: rnd([2, 3], 18) }],
  ['indexSelect repeats', (a) => ad.indexSelect(a, 0, [2, 0, 2, 1]), { a: rnd([3, 4], 19) }],
  ['gather', (a) => ad.gather(a, 1, [2, 0, 1, 1, 3, 3], [3, 2]), { a: rnd([3, 4], 20) }],
  ['sum all', (a) => ad.sum(a), { a: x23 }],
  ['sum dims keepdim', (a) => ad.sum(a, [0, 2], true), { a: rnd([2, 3, 4], 21) }],
  ['mean dim', (a) => ad.mean(a, -1), { a: rnd([2, 3, 4], 22) }],
  ['max dim', (a) => ad.max(a, 1), { a: x23 }],
  ['min dim keepdim', (a) => ad.min(a, 0, true), { a: x23 }],
  ['amax', (a) => ad.amax(a, [0, 1]), { a: rnd([2, 3, 2], 23) }],
  ['amin all', (a) => ad.amin(a), { a: x23 }],
  ['variance unbiased', (a) => ad.variance(a, 1), { a: rnd([3, 4], 24) }],
  ['variance biased keepdim', (a) => ad.variance(a, 0, { correction: 0, keepdim: true }), { a: rnd([3, 4], 25) }],
  ['softmax last', (a) => ad.softmax(a), { a: rnd([3, 4], 26) }],
  ['softmax dim 0', (a) => ad.softmax(a, 0), { a: rnd([3, 4], 27) }],
  ['logSoftmax middle', (a) => ad.logSoftmax(a, 1), { a: rnd([2, 3, 4], 28) }],
  ['logsumexp', (a) => ad.logsumexp(a, 1, true), { a: rnd([3, 4], 29) }],
  ['vectorNorm L1', (a) => ad.vectorNorm(a, 1), { a: x23 }],
  ['vectorNorm L2 dim', (a) => ad.vectorNorm(a, 2, 1), { a: x23 }],
  ['vectorNorm p=3', (a) => ad.vectorNorm(a, 3), { a: x23 }],
  ['mseLoss sum', (a, b) => ad.mseLoss(a, b, { reduction: 'sum' }), { a: x23, b: y23 }],
  ['l1Loss', (a, b) => ad.l1Loss(a, b), { a: x23, b: y23 }],
  ['huberLoss', (a, b) => ad.huberLoss(a, b, { delta: 0.8 }), { a: x23, b: y23 }],
  ['smoothL1Loss', (a, b) => ad.smoothL1Loss(a, b, { beta: 0.6, reduction: 'none' }), { a: x23, b: y23 }],
  ['bceWithLogits', (a, b) => ad.binaryCrossEntropyWithLogits(a, b), { a: x23, b: [[0.1, 0.9, 0.5], [1, 0, 0.3]] }],
  ['crossEntropy smoothing', (a) => ad.crossEntropy(a, [2, 0, 1], { labelSmoothing: 0.2 }), { a: rnd([3, 4], 30) }],
  ['crossEntropy none', (a) => ad.crossEntropy(a, [1, 3], { reduction: 'none' }), { a: rnd([2, 4], 31) }],
  ['crossEntropy soft targets', (a, p) => ad.crossEntropy(a, p, { labelSmoothing: 0.1 }), { a: rnd([2, 3], 32), p: [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]] }],
];

/** Deterministic inputs without an RNG dependency: a fixed smooth sequence. */
function rnd(shape: number[], seed: number): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  const flat = Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + 2.3 * seed) * 1.5 + 0.01 * i);
  return Object.assign(flat, { shape }) as number[];
}

describe('gradcheck (f64, central differences) on every op', () => {
  for (const [name, fn, inputs] of cases) {
    it(name, () => {
      const prepared = Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => {
          const shape = (v as { shape?: number[] }).shape;
          return [k, shape ? withBackend(referenceBackend(), () => tensor(v as number[], { shape, requiresGrad: true })) : v];
        }),
      );
      const report = gradcheck(fn, prepared as Record<string, number[]>, { seed: 7 });
      expect(report.checked).toBeGreaterThan(0);
      expect(report.ok, report.message).toBe(true);
    });
  }

  it('reports the worst element when a backward is wrong', () => {
    // exp with a deliberately wrong gradient: record exp's forward with backward dy·2
    const wrong = (a: T) => ad.record('badExp', [a], a.backend.unary('exp', a.storage), a.shape, (dy) => [ad.mul(dy, 2)]);
    const report = gradcheck(wrong, { a: [0.5, 1.5, -0.5] });
    expect(report.ok).toBe(false);
    expect(report.worst?.input).toBe('a');
    expect(report.worst?.index).toBe(1);
    // with cotangent u: analytic = 2u, numeric = e^1.5·u at the worst element
    expect(report.worst!.analytic / report.worst!.numeric).toBeCloseTo(2 / Math.exp(1.5), 6);
    expect(report.message).toMatch(/gradcheck FAILED over 3 elements; worst a\[1\]: analytic -?\d.*, numeric -?\d/);
  });
});

describe('every op on the f32 WASM backend matches the f64 reference (value and gradients)', () => {
  for (const [name, fn, inputs] of cases) {
    it(name, () => {
      const run = (backend: ad.AnyBackend) =>
        ad.withBackend(backend, () => {
          const xs = Object.values(inputs).map((v) => {
            const shape = (v as { shape?: number[] }).shape;
            return ad.tensor(v as number[], { ...(shape ? { shape } : {}), requiresGrad: true });
          });
          const y = (fn as (...t: ad.Tensor[]) => ad.Tensor)(...xs);
          y.backward(Array.from({ length: y.size }, (_, i) => Math.cos(i + 0.5)));
          return [y.data(), ...xs.map((x) => x.grad?.data() ?? new Float64Array(x.size))];
        });
      const want = run(ad.referenceBackend());
      const got = run(ad.wasmBackend());
      want.forEach((w, k) => {
        const scale = Math.max(1, ...Array.from(w, Math.abs));
        Array.from(got[k]!).forEach((g, i) => expect(Math.abs(g - w[i]!), `output ${k}[${i}]: ${g} vs ${w[i]}`).toBeLessThanOrEqual(2e-5 * scale + 1e-4 * Math.abs(w[i]!)));
      });
    });
  }
});

describe('sin and cos compose to second order (each is the other’s derivative)', () => {
  // f(p) = Σ sin(p)·p² + cos(p): H is diagonal, f″ = (2 − p²)·sin p + 4p·cos p − cos p
  const f = (q: ad.Tensor) => ad.sum(ad.add(ad.mul(ad.sin(q), ad.square(q)), ad.cos(q)));
  const p = [0.3, -1.2, 2.5, -4, 31.375];
  const v = [1, -0.5, 0.25, 2, -1.5];
  const fpp = (x: number) => (2 - x * x) * Math.sin(x) + 4 * x * Math.cos(x) - Math.cos(x);
  const fp = (x: number) => Math.cos(x) * x * x + 2 * x * Math.sin(x) - Math.sin(x);

  it('f64 reference: gradient and H·v match the analytic derivatives to 1e-12', () => {
    const r = ad.hvp(f, [ad.tensor(p, { backend: ad.referenceBackend() })], [v]);
    expect([...r.grads[0]!.data()]).toEqual(p.map((x) => expect.closeTo(fp(x), 12)));
    expect([...r.hvp[0]!.data()]).toEqual(p.map((x, i) => expect.closeTo(fpp(x) * v[i]!, 11)));
  });

  it('f32 WASM: the same to f32 accuracy', () => {
    const pf = p.map(Math.fround);
    const r = ad.hvp(f, [ad.tensor(pf, { backend: ad.wasmBackend() })], [v]);
    const hv = [...r.hvp[0]!.data()];
    pf.forEach((x, i) => expect(Math.abs(hv[i]! - fpp(x) * v[i]!)).toBeLessThan(2e-6 * Math.max(1, Math.abs(fpp(x) * v[i]!))));
  });
});
