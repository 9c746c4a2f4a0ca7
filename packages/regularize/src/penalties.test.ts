import { readFileSync } from 'node:fs';
import { add, gradcheck, Linear, referenceBackend, Sequential, tensor, type Tensor } from '@descent/autodiff';
import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d } from './layers/batch-norm.js';
import { LayerNorm } from './layers/layer-norm.js';
import { decayParameters, elasticNet, isNormParameter, l1Penalty, l2Penalty } from './penalties.js';

type FT = { shape: number[]; data: number[] };
const all = (JSON.parse(readFileSync(new URL('../../../fixtures/public/module.json', import.meta.url), 'utf8')) as { cases: any[] }).cases;
const cases = all.filter((c) => c.module === 'L1Penalty' || c.module === 'L2Penalty');
const backend = referenceBackend();

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-9, atol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(expected[i]!));
}

describe('penalties against the PyTorch fixtures (f64)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const params = (c.inputs.params as FT[]).map((p) => tensor(p.data, { shape: p.shape, backend, requiresGrad: true }));
    const lambda = c.attrs.lambda as number;
    const v = c.family === 'l1_penalty' ? l1Penalty(params, lambda) : l2Penalty(params, lambda, { half: c.family === 'l2_penalty_half' });
    v.backward();
    close([v.item()], c.expected.value.data);
    (c.expected.grads as FT[]).forEach((g, k) => close(params[k]!.grad!.data(), g.data));
  });
});

describe('penalty gradients by finite differences', () => {
  const w = [[0.3, -1.2, 0.7], [1.5, -0.4, 0.9]];
  const b = [0.25, -0.6];
  it('l1, l2, l2 half, elastic net', () => {
    const fns: [string, (ws: Tensor[]) => Tensor][] = [
      ['l1', (ws) => l1Penalty(ws, 0.3)],
      ['l2', (ws) => l2Penalty(ws, 0.3)],
      ['l2 half', (ws) => l2Penalty(ws, 0.3, { half: true })],
      ['elastic', (ws) => elasticNet(ws, { l1: 0.2, l2: 0.7 })],
      ['elastic half', (ws) => elasticNet(ws, { l1: 0.2, l2: 0.7, half: true })],
    ];
    for (const [name, fn] of fns) {
      const r = gradcheck((a, c) => fn([a, c]), { w, b });
      expect(r.ok, `${name}: ${r.message}`).toBe(true);
    }
  });

  it('elastic net = l1 + l2 exactly', () => {
    const ps = [tensor(w, { backend })];
    expect(elasticNet(ps, { l1: 0.2, l2: 0.7 }).item()).toBeCloseTo(l1Penalty(ps, 0.2).item() + l2Penalty(ps, 0.7).item(), 14);
  });
});

describe('decayParameters', () => {
  const rng = new Rng(1);
  const model = new Sequential(new Linear(3, 4, { rng, backend }), new BatchNorm1d(4, { backend }), new LayerNorm([2, 2], { backend }), new Linear(4, 2, { rng, backend, bias: false }));

  it('excludes biases, 1-D parameters and norm parameters by default', () => {
    const named = new Map(model.namedParameters().map(([k, v]) => [v, k]));
    expect(decayParameters(model).map((p) => named.get(p))).toEqual(['0.weight', '3.weight']);
    // LayerNorm([2, 2]) has 2-D γ/β: excluded because they are norm parameters, not by rank
    expect(isNormParameter(model.namedParameters().find(([k]) => k === '2.weight')![1])).toBe(true);
  });

  it('switches to include each group, plus a custom exclusion', () => {
    const named = new Map(model.namedParameters().map(([k, v]) => [v, k]));
    const names = (ps: Tensor[]) => ps.map((p) => named.get(p));
    expect(names(decayParameters(model, { includeNorm: true }))).toEqual(['0.weight', '2.weight', '3.weight']);
    expect(names(decayParameters(model, { includeNorm: true, includeBias: true }))).toEqual(['0.weight', '2.weight', '2.bias', '3.weight']);
    expect(names(decayParameters(model, { includeBias: true, include1d: true }))).toEqual(['0.weight', '0.bias', '3.weight']);
    expect(names(decayParameters(model, { exclude: (n) => n.startsWith('3.') }))).toEqual(['0.weight']);
    expect(names(decayParameters(model.namedParameters()))).toEqual(['0.weight', '3.weight']);
  });

  it('the penalty of the selection adds to a loss and reaches only those gradients', () => {
    model.zeroGrad();
    const loss = add(l2Penalty(decayParameters(model), 0.5, { half: true }), 1);
    loss.backward();
    const w0 = model.namedParameters()[0]![1];
    close(w0.grad!.data(), Array.from(w0.data(), (v) => 0.5 * v));
    const bias = model.namedParameters()[1]![1];
    expect(bias.grad).toBeNull();
  });
});

describe('penalty errors', () => {
  it('negative or non-finite λ, empty list', () => {
    const ps = [tensor([1, 2], { backend })];
    expect(() => l1Penalty(ps, -1)).toThrow(/l1Penalty: lambda must be a finite number >= 0, got -1/);
    expect(() => l2Penalty(ps, NaN)).toThrow(DescentError);
    expect(() => elasticNet(ps, { l1: 0.1, l2: Infinity })).toThrow(/elasticNet: l2/);
    expect(() => l2Penalty([], 0.1)).toThrow(/no parameters given/);
  });
});
