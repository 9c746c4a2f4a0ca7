import { readFileSync } from 'node:fs';
import { gradcheck, referenceBackend, tensor, wasmBackend, type AnyBackend, type Module, type Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, BatchNorm2d } from './batch-norm.js';
import { GroupNorm } from './group-norm.js';
import { InstanceNorm1d, InstanceNorm2d } from './instance-norm.js';
import { LayerNorm } from './layer-norm.js';

type FT = { shape: number[]; data: number[] };
const all = (JSON.parse(readFileSync(new URL('../../../../fixtures/public/module.json', import.meta.url), 'utf8')) as { cases: any[] }).cases;
const ref: AnyBackend = referenceBackend();
const T = (ft: FT, requiresGrad = false, backend = ref) => tensor(ft.data, { shape: ft.shape, backend, requiresGrad });

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!)));
  expect(worst, what).toBeLessThanOrEqual(0);
}

function build(c: any, backend = ref): Module {
  const a = c.attrs;
  switch (c.module) {
    case 'BatchNorm1d':
      return new BatchNorm1d(a.num_features, { eps: a.eps, momentum: a.momentum, backend });
    case 'BatchNorm2d':
      return new BatchNorm2d(a.num_features, { eps: a.eps, momentum: a.momentum, backend });
    case 'LayerNorm':
      return new LayerNorm(a.normalized_shape, { eps: a.eps, elementwiseAffine: a.elementwise_affine, backend });
    case 'GroupNorm':
      return new GroupNorm(a.num_groups, a.num_channels, { eps: a.eps, affine: a.affine, backend });
    case 'InstanceNorm1d':
      return new InstanceNorm1d(a.num_features, { eps: a.eps, affine: a.affine, backend });
    default:
      return new InstanceNorm2d(a.num_features, { eps: a.eps, affine: a.affine, backend });
  }
}

function load(m: Module, entries: Record<string, FT | undefined>): void {
  m.loadStateDict(Object.fromEntries(Object.entries(entries).filter(([, v]) => v)) as never, { strict: false });
}

function step(m: Module, x: Tensor, upstream: FT, e: any, rtol: number, atol: number, what: string): void {
  m.zeroGrad();
  const out = m.forward(x);
  out.backward(upstream.data);
  close(out.data(), e.output.data, rtol, atol, `${what} output`);
  for (const [k, g] of Object.entries(e.grads as Record<string, FT>)) close((k === 'x' ? x : m.param(k)).grad!.data(), g.data, rtol, atol, `${what} grads.${k}`);
}

const normCases = all.filter((c) => /Norm/.test(c.module));

describe.each([
  ['reference f64', ref, 1e-9, 1e-12],
  ['wasm f32', wasmBackend(), 1e-4, 5e-6],
] as const)('normalisation layers against PyTorch (%s)', (_name, backend, rtol, atol) => {
  it.each(normCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const m = build(c, backend);
    const i = c.inputs;
    if (c.module.startsWith('BatchNorm')) {
      load(m, { weight: i.weight, bias: i.bias, runningMean: i.running_mean, runningVar: i.running_var });
      i.train_steps.forEach((s: { x: FT; upstream: FT }, k: number) => {
        const e = c.expected.train_steps[k];
        step(m.train(), T(s.x, true, backend), s.upstream, e, rtol, atol, `step ${k}`);
        close(m.buffer('runningMean')!.data(), e.running_mean.data, rtol, atol, `step ${k} running_mean`);
        close(m.buffer('runningVar')!.data(), e.running_var.data, rtol, atol, `step ${k} running_var`);
        expect(m.buffer('numBatchesTracked')!.item()).toBe(e.num_batches_tracked);
      });
      close(m.eval().forward(T(i.eval_x, false, backend)).data(), c.expected.eval_output.data, rtol, atol, 'eval_output');
    } else {
      load(m, { weight: i.weight, bias: i.bias });
      step(m, T(i.x, true, backend), i.upstream, c.expected, rtol, atol, c.id);
    }
  });
});

describe('normalisation gradients by finite differences (f64)', () => {
  const rnd = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 1.7);
  const withParams = (make: () => Module) => (x: Tensor, w: Tensor, b: Tensor) => {
    const m = make();
    m.setParameter('weight', w);
    m.setParameter('bias', b);
    return m.forward(x);
  };
  const cases: [string, () => Module, number[], number][] = [
    ['BatchNorm1d [N, C]', () => new BatchNorm1d(3), [4, 3], 3],
    ['BatchNorm1d [N, C, L]', () => new BatchNorm1d(2), [3, 2, 4], 2],
    ['BatchNorm2d', () => new BatchNorm2d(2), [2, 2, 2, 3], 2],
    ['GroupNorm', () => new GroupNorm(2, 4), [2, 4, 3], 4],
    ['InstanceNorm2d affine', () => new InstanceNorm2d(2, { affine: true }), [2, 2, 2, 2], 2],
  ];
  it.each(cases)('%s', (_name, make, shape, c) => {
    const r = gradcheck(withParams(make), {
      x: tensor(rnd(shape.reduce((a, b) => a * b, 1), 1), { shape, backend: ref, requiresGrad: true }),
      w: tensor(rnd(c, 2).map((v) => 1 + 0.3 * v), { backend: ref, requiresGrad: true }),
      b: tensor(rnd(c, 3), { backend: ref, requiresGrad: true }),
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('LayerNorm over [3, 4] with 2-D γ, β', () => {
    const r = gradcheck(withParams(() => new LayerNorm([3, 4])), {
      x: tensor(rnd(24, 4), { shape: [2, 3, 4], backend: ref, requiresGrad: true }),
      w: tensor(rnd(12, 5), { shape: [3, 4], backend: ref, requiresGrad: true }),
      b: tensor(rnd(12, 6), { shape: [3, 4], backend: ref, requiresGrad: true }),
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('BatchNorm in eval mode (running statistics are constants)', () => {
    const r = gradcheck((x, w, b) => {
      const m = new BatchNorm1d(3);
      m.loadStateDict({ runningMean: { shape: [3], data: [0.1, -0.2, 0.3] }, runningVar: { shape: [3], data: [0.5, 2, 1.5] } }, { strict: false });
      m.setParameter('weight', w);
      m.setParameter('bias', b);
      return m.eval().forward(x);
    }, { x: [[0.3, -1.2, 0.7], [1.5, -0.4, 0.9]], w: [1.1, 0.9, -0.5], b: [0.2, 0.1, 0] });
    expect(r.ok, r.message).toBe(true);
  });
});

describe('BatchNorm conventions', () => {
  const x1 = tensor([[1, 2], [3, 6], [5, 1]], { backend: ref });
  const batchMean = [3, 3];
  const unbiasedVar = [4, 7];
  const biasedVar = [8 / 3, 14 / 3];

  it('PyTorch: momentum is the new batch weight, unbiased running variance', () => {
    const bn = new BatchNorm1d(2, { backend: ref });
    bn.forward(x1);
    close(bn.buffer('runningMean')!.data(), batchMean.map((m) => 0.1 * m), 1e-12, 0, 'mean');
    close(bn.buffer('runningVar')!.data(), unbiasedVar.map((v) => 0.9 + 0.1 * v), 1e-12, 0, 'var');
  });

  it("Keras: momentum (default 0.99) is the old value's weight, biased variance", () => {
    const bn = new BatchNorm1d(2, { backend: ref, momentumConvention: 'keras' });
    expect(bn.momentum).toBe(0.99);
    bn.forward(x1);
    close(bn.buffer('runningMean')!.data(), batchMean.map((m) => 0.01 * m), 1e-12, 0, 'mean');
    close(bn.buffer('runningVar')!.data(), biasedVar.map((v) => 0.99 + 0.01 * v), 1e-12, 0, 'var');
  });

  it('momentum null is the cumulative average over batches', () => {
    const bn = new BatchNorm1d(2, { backend: ref, momentum: null });
    bn.forward(x1);
    bn.forward(tensor([[3, 0], [5, 2]], { backend: ref }));
    close(bn.buffer('runningMean')!.data(), [(3 + 4) / 2, (3 + 1) / 2], 1e-12, 0, 'mean');
    close(bn.buffer('runningVar')!.data(), [(4 + 2) / 2, (7 + 2) / 2], 1e-12, 0, 'var');
    expect(bn.buffer('numBatchesTracked')!.item()).toBe(2);
  });

  it('running statistics are buffers in the state dict; trackRunningStats false uses batch stats in eval', () => {
    const bn = new BatchNorm2d(3, { backend: ref });
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias', 'runningMean', 'runningVar', 'numBatchesTracked']);
    const free = new BatchNorm1d(2, { backend: ref, trackRunningStats: false, affine: false });
    expect(Object.keys(free.stateDict())).toEqual([]);
    const y = free.eval().forward(x1).data();
    const s0 = Math.sqrt(8 / 3 + 1e-5);
    const s1 = Math.sqrt(14 / 3 + 1e-5);
    close(y, [-2 / s0, -1 / s1, 0, 3 / s1, 2 / s0, -2 / s1], 1e-12, 1e-15, 'eval uses batch statistics');
  });
});

describe('InstanceNorm running statistics (opt-in)', () => {
  it('averages per-instance mean and unbiased variance over the batch', () => {
    const m = new InstanceNorm1d(1, { backend: ref, trackRunningStats: true });
    m.forward(tensor([[[1, 3]], [[2, 6]]], { backend: ref }));
    close(m.buffer('runningMean')!.data(), [0.1 * ((2 + 4) / 2)], 1e-12, 0, 'mean');
    close(m.buffer('runningVar')!.data(), [0.9 + 0.1 * ((2 + 8) / 2)], 1e-12, 0, 'var');
    const y = m.eval().forward(tensor([[[1, 2]]], { backend: ref })).data();
    close(y, [(1 - 0.3) / Math.sqrt(1.4 + 1e-5), (2 - 0.3) / Math.sqrt(1.4 + 1e-5)], 1e-12, 0, 'eval');
  });
});

describe('normalisation errors', () => {
  it('name the layer and the value', () => {
    expect(() => new BatchNorm1d(3, { backend: ref }).forward(tensor([[1, 2, 3]], { backend: ref }))).toThrow(/BatchNorm1d: Expected more than 1 value per channel when training, got input size \[1, 3\]/);
    expect(() => new BatchNorm2d(3, { backend: ref }).forward(tensor([1, 2, 3], { shape: [1, 3, 1, 1], backend: ref }))).toThrow(/BatchNorm2d: Expected more than 1 value per channel/);
    expect(new BatchNorm1d(3, { backend: ref }).eval().forward(tensor([[1, 2, 3]], { backend: ref })).shape).toEqual([1, 3]);
    expect(() => new GroupNorm(4, 6)).toThrow(/GroupNorm: numChannels 6 is not divisible by numGroups 4/);
    expect(() => new GroupNorm(2, 4, { backend: ref }).forward(tensor([1, 2, 3], { shape: [1, 3], backend: ref }))).toThrow(/GroupNorm: expected \[N, 4, \*\], got \[1, 3\]/);
    expect(() => new BatchNorm2d(2, { backend: ref }).forward(tensor([1, 2, 3, 4], { shape: [2, 2], backend: ref }))).toThrow(/BatchNorm2d: expected input of rank 4/);
    expect(() => new BatchNorm1d(2, { backend: ref }).forward(tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3], backend: ref }))).toThrow(/has 3 channels, expected numFeatures = 2/);
    expect(() => new BatchNorm1d(2, { momentum: 1.5 })).toThrow(/momentum must be in \[0, 1\] or null, got 1.5/);
    expect(() => new BatchNorm1d(2, { momentumConvention: 'keras', momentum: null })).toThrow(/momentum must be in \[0, 1\], got null/);
    expect(() => new LayerNorm(4, { backend: ref }).forward(tensor([1, 2, 3], { backend: ref }))).toThrow(/LayerNorm: input \[3\] does not end with normalizedShape \[4\]/);
    expect(() => new InstanceNorm1d(2, { backend: ref }).forward(tensor([1, 2], { shape: [1, 2, 1], backend: ref }))).toThrow(/InstanceNorm1d: Expected more than 1 spatial element/);
    expect(() => new LayerNorm(4, { eps: 0 })).toThrow(DescentError);
  });
});
