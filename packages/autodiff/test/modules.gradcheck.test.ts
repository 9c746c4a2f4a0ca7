import { readFileSync } from 'node:fs';
import { Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from '../src/index.js';
import { expectClose, randArray, ref, refTensor, wasm } from './util.js';

type T = ad.Tensor<Float64Array>;

/**
 * gradcheck of a module with respect to its input and every parameter: the module becomes a
 * function of (x, ...params) through functionalCall.
 */
function checkModule(m: ad.Module, xShape: number[], seed: number) {
  const named = m.namedParameters();
  const inputs: Record<string, ad.Tensor> = { x: refTensor(randArray(xShape.reduce((a, b) => a * b), seed), xShape, true) };
  for (const [n, p] of named) inputs[n] = p;
  const r = ad.gradcheck((x: T, ...ps: T[]) => ad.functionalCall(m, Object.fromEntries(named.map(([n], i) => [n, ps[i]!])), x) as T, inputs, { seed });
  expect(r.checked).toBe(Object.values(inputs).reduce((s, t) => s + t.size, 0));
  expect(r.ok, r.message).toBe(true);
}

const R = (seed: number) => ({ rng: new Rng(seed), backend: ref });

describe('gradcheck (f64) on every module, w.r.t. input and parameters', () => {
  it('Linear', () => checkModule(new ad.Linear(4, 3, R(1)), [2, 4], 1));
  it('Linear without bias on a 3-D input', () => checkModule(new ad.Linear(3, 2, { ...R(2), bias: false }), [2, 2, 3], 2));
  it('Conv2d, stride 1, padding 1', () => checkModule(new ad.Conv2d(2, 3, 3, { ...R(3), padding: 1 }), [2, 2, 4, 4], 3));
  it('Conv2d with stride, padding and dilation', () => checkModule(new ad.Conv2d(2, 2, [2, 3], { ...R(4), stride: [2, 1], padding: [1, 2], dilation: [2, 1] }), [1, 2, 6, 5], 4));
  it('MaxPool2d and AvgPool2d', () => {
    checkModule(new ad.MaxPool2d(2, { stride: 1, padding: 1 }), [1, 2, 4, 3], 5);
    checkModule(new ad.AvgPool2d(3, { stride: 2, padding: 1 }), [2, 1, 5, 5], 6);
  });
  it('activations', () => {
    for (const m of [new ad.LeakyReLU(0.1), new ad.ELU(), new ad.GELU(), new ad.GELU({ approximate: 'tanh' }), new ad.Tanh(), new ad.Sigmoid(), new ad.Softplus()]) checkModule(m, [2, 3], 7);
  });
  it('Sequential MLP (Linear → Tanh → Linear → ReLU → Linear)', () => {
    checkModule(new ad.Sequential(new ad.Linear(3, 4, R(8)), new ad.Tanh(), new ad.Linear(4, 4, R(9)), new ad.ReLU(), new ad.Linear(4, 2, R(10))), [3, 3], 8);
  });
  it('Sequential CNN (Conv2d → ReLU → MaxPool2d → Flatten → Linear)', () => {
    checkModule(new ad.Sequential(new ad.Conv2d(1, 2, 3, { ...R(11), padding: 1 }), new ad.ReLU(), new ad.MaxPool2d(2), new ad.Flatten(), new ad.Linear(8, 2, R(12))), [2, 1, 4, 4], 9);
  });
});

/** The same architecture on both backends from one seed: f32 WASM vs f64 reference. */
function agree(make: (o: { rng: Rng; backend: ad.AnyBackend }) => ad.Module, xShape: number[], target: number[]) {
  const xv = randArray(xShape.reduce((a, b) => a * b), 30);
  const run = (backend: ad.AnyBackend) => {
    const m = make({ rng: new Rng(42), backend });
    const x = ad.tensor(xv, { shape: xShape, backend, requiresGrad: true });
    const loss = ad.crossEntropy(m.forward(x), target);
    loss.backward();
    return { loss: loss.item(), dx: x.grad!.data(), grads: m.namedParameters().map(([n, p]) => [n, p.grad!.data()] as const) };
  };
  const r = run(ref);
  const w = run(wasm());
  expect(w.loss).toBeCloseTo(r.loss, 5);
  expectClose(w.dx, r.dx, 1e-3, 1e-6, 'dx');
  w.grads.forEach(([n, g], i) => expectClose(g, r.grads[i]![1], 1e-3, 1e-6, n));
}

describe('WASM (f32) forward and gradients agree with the f64 reference', () => {
  it('MLP 20-32-32-5', () => {
    agree((o) => new ad.Sequential(new ad.Linear(20, 32, o), new ad.ReLU(), new ad.Linear(32, 32, o), new ad.GELU(), new ad.Linear(32, 5, o)), [16, 20], [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0]);
  });
  it('CNN conv(1→4, pad 1) → ReLU → MaxPool → Conv(4→6, stride 2) → AvgPool → Flatten → Linear', () => {
    agree(
      (o) =>
        new ad.Sequential(
          new ad.Conv2d(1, 4, 3, { ...o, padding: 1 }),
          new ad.ReLU(),
          new ad.MaxPool2d(2),
          new ad.Conv2d(4, 6, 3, { ...o, stride: 2, padding: 1 }),
          new ad.AvgPool2d(2),
          new ad.Flatten(),
          new ad.Linear(6, 3, o),
        ),
      [4, 1, 8, 8],
      [0, 2, 1, 2],
    );
  });
});

describe('PyTorch fixtures through modules (composite MLP cases of autodiff_op)', () => {
  const fixtures = JSON.parse(readFileSync(new URL('../../../fixtures/public/autodiff_op.json', import.meta.url), 'utf8')) as {
    cases: { id: string; family: string; inputs: Record<string, { shape: number[]; data: number[] }>; upstream: { data: number[] }; expected: { output: { data: number[] }; grads: Record<string, { data: number[] }> }; rtol: number; atol: number }[];
  };
  const cases = fixtures.cases.filter((c) => c.family === 'composite_mlp2_relu_ce' || c.family === 'composite_mlp2_tanh_mse');
  it('has the cases', () => expect(cases.length).toBeGreaterThanOrEqual(4));
  for (const c of cases) {
    for (const backend of [ref, wasm()] as ad.AnyBackend[]) {
      const f64 = backend === ref;
      it(`${c.id} on ${backend.name}`, () => {
        const { x, W1, b1, W2, b2 } = c.inputs as Record<string, { shape: number[]; data: number[] }>;
        const o = { rng: new Rng(0), backend };
        const act = c.family.includes('relu') ? new ad.ReLU() : new ad.Tanh();
        const m = new ad.Sequential(new ad.Linear(W1!.shape[1]!, W1!.shape[0]!, o), act, new ad.Linear(W2!.shape[1]!, W2!.shape[0]!, o));
        m.loadStateDict({ '0.weight': W1!, '0.bias': b1!, '2.weight': W2!, '2.bias': b2! });
        const xt = ad.tensor(x!.data, { shape: x!.shape, backend, requiresGrad: true });
        const out = m.forward(xt);
        const t = c.inputs.t;
        const loss = c.family.includes('relu') ? ad.crossEntropy(out, c.inputs.y!.data) : ad.mseLoss(out, ad.tensor(t!.data, { shape: t!.shape, backend }));
        loss.backward(c.upstream.data[0]);
        const [rtol, atol] = f64 ? [1e-9, 1e-12] : [c.rtol, c.atol];
        expectClose([loss.item()], c.expected.output.data, rtol, atol, 'loss');
        const got: Record<string, ArrayLike<number>> = { x: xt.grad!.data(), W1: m.at(0).param('weight').grad!.data(), b1: m.at(0).param('bias').grad!.data(), W2: m.at(2).param('weight').grad!.data(), b2: m.at(2).param('bias').grad!.data() };
        for (const [k, g] of Object.entries(c.expected.grads)) expectClose(got[k]!, g.data, rtol, atol, k);
      });
    }
  }
});
