import { describe, expect, it } from 'vitest';
import { Rng } from '@descent/optim-wasm';
import { argmax, crossEntropy, linear, referenceBackend, tanh, tensor, wasmBackend, type AnyBackend, type Tensor } from '@descent/autodiff';
import { filterNormalizedDirection } from './directions.js';
import { hessianTopEigenvalue } from './hessian.js';
import { linearInterpolation } from './interpolation.js';
import { lossSlice1d } from './slices.js';
import { modelObjective, type ForwardModel } from './model-objective.js';
import { epsSharpness } from './sharpness.js';

/** A 4-5-3 tanh network with seeded weights on `backend`. */
function tinyNet(backend: AnyBackend, outputs = 3): ForwardModel & { ps: Tensor[] } {
  const rng = new Rng(42);
  const mk = (shape: number[], name: string) =>
    tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() * 0.7), { backend, shape, requiresGrad: true, name });
  const ps = [mk([5, 4], 'w1'), mk([5], 'b1'), mk([outputs, 5], 'w2'), mk([outputs], 'b2')];
  return { ps, parameters: () => ps, forward: (x) => linear(tanh(linear(x, ps[0]!, ps[1]!)), ps[2]!, ps[3]!) };
}

const rng = new Rng(7);
const n = 7;
const x = Float32Array.from({ length: n * 4 }, () => rng.normal());
const y = Int32Array.from({ length: n }, (_, i) => i % 3);
const data = { x, y, n, features: 4 };
const ref = referenceBackend();

describe('modelObjective (f64 reference backend)', () => {
  const net = tinyNet(ref);
  const obj = modelObjective({ model: net, data });
  const theta = obj.theta();

  it('lays out the parameters in order and evaluates the mean cross-entropy', () => {
    expect(obj.dim).toBe(20 + 5 + 15 + 3);
    expect(obj.params.map((p) => [p.name, p.offset, p.length])).toEqual([['w1', 0, 20], ['b1', 20, 5], ['w2', 25, 15], ['b2', 40, 3]]);
    const direct = crossEntropy(net.forward(tensor(x, { backend: ref, shape: [n, 4] })), y).item();
    expect(obj.value(theta)).toBeCloseTo(direct, 14);
    const pred = argmax(net.forward(tensor(x, { backend: ref, shape: [n, 4] })), 1);
    expect(obj.accuracy!(theta)).toBeCloseTo(Array.from(pred).filter((p, i) => p === y[i]).length / n, 14);
  });

  it('gradient = central differences; Hv = differences of gradients; chunking changes nothing; parameters untouched', () => {
    const before = net.ps.map((p) => Array.from(p.data()));
    const { value, grad } = obj.valueAndGrad(theta);
    const h = 1e-6;
    for (const i of [0, 7, 21, 30, 42]) {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[i]! += h;
      tm[i]! -= h;
      expect(grad[i]).toBeCloseTo((obj.value(tp) - obj.value(tm)) / (2 * h), 8);
    }
    const v = Float64Array.from({ length: obj.dim }, (_, i) => Math.sin(i + 1));
    const hv = obj.hvp!(theta, v);
    const gp = obj.valueAndGrad(theta.map((t, i) => t + 1e-5 * v[i]!)).grad;
    const gm = obj.valueAndGrad(theta.map((t, i) => t - 1e-5 * v[i]!)).grad;
    hv.forEach((hi, i) => expect(hi).toBeCloseTo((gp[i]! - gm[i]!) / 2e-5, 6));
    const chunked = modelObjective({ model: net, data, batchSize: 3 });
    expect(chunked.value(theta)).toBeCloseTo(value, 14);
    chunked.valueAndGrad(theta).grad.forEach((g, i) => expect(g).toBeCloseTo(grad[i]!, 14));
    chunked.hvp!(theta, v).forEach((g, i) => expect(g).toBeCloseTo(hv[i]!, 13));
    expect(chunked.accuracy!(theta)).toBe(obj.accuracy!(theta));
    // Evaluating elsewhere leaves the model where it was.
    obj.value(theta.map((t) => t + 1));
    expect(net.ps.map((p) => Array.from(p.data()))).toEqual(before);
  });

  it('interpolation and filter-normalised slices of a network: endpoints and centre equal direct evaluations', () => {
    const t2 = theta.map((t, i) => t + 0.3 * Math.cos(i));
    const path = linearInterpolation(obj, theta, t2, { points: 5 });
    expect([path[0]!.loss, path[0]!.accuracy]).toEqual([obj.value(theta), obj.accuracy!(theta)]);
    expect([path[4]!.loss, path[4]!.accuracy]).toEqual([obj.value(t2), obj.accuracy!(t2)]);
    const d = filterNormalizedDirection(theta, obj.params, { rng: 2 });
    expect(Array.from(d.subarray(20, 25))).toEqual([0, 0, 0, 0, 0]);
    const slice = lossSlice1d(obj, d, { range: [-0.5, 0.5], points: 3 });
    expect(slice[1]!.alpha).toBe(0);
    expect(slice[1]!.loss).toBe(obj.value(theta));
    expect(slice[2]!.loss).toBe(obj.value(theta.map((t, i) => t + 0.5 * d[i]!)));
  });

  it('mse for regression targets (mean over every output element)', () => {
    const reg = tinyNet(ref, 1);
    const yr = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
    const o = modelObjective({ model: reg, data: { x, y: yr, n, features: 4 } });
    const out = reg.forward(tensor(x, { backend: ref, shape: [n, 4] })).data();
    const want = Array.from(out).reduce((s, p, i) => s + (p - yr[i]!) ** 2, 0) / n;
    expect(o.value(o.theta())).toBeCloseTo(want, 6);
    expect(o.accuracy).toBeUndefined();
  });

  it('rejects frozen parameters and mismatched losses', () => {
    const frozen = { parameters: () => [tensor([1, 2], { backend: ref })], forward: (t: Tensor) => t };
    expect(() => modelObjective({ model: frozen, data })).toThrow(/modelObjective: parameter 0 \[2\] does not require grad/);
    expect(() => modelObjective({ model: net, data: { ...data, y: new Float32Array(n) }, loss: 'crossEntropy' })).toThrow(/crossEntropy needs integer labels/);
    expect(() => obj.value(new Float64Array(3))).toThrow(/'theta' has 3 values, the objective has 43 parameters/);
  });
});

describe('modelObjective on the WASM backend (f32)', () => {
  it('agrees with the f64 reference on the loss, the top Hessian eigenvalue and the sharpness', () => {
    const o64 = modelObjective({ model: tinyNet(ref), data });
    const o32 = modelObjective({ model: tinyNet(wasmBackend()), data });
    const t = o64.theta();
    expect(o32.value(t)).toBeCloseTo(o64.value(t), 5);
    const e64 = hessianTopEigenvalue(o64, { rng: 1, iterations: 100, tol: 1e-10 });
    const e32 = hessianTopEigenvalue(o32, { rng: 1, iterations: 100, tol: 1e-6 });
    expect(e64.converged).toBe(true);
    expect(Math.abs(e32.eigenvalue - e64.eigenvalue)).toBeLessThan(1e-3 * Math.abs(e64.eigenvalue));
    const s64 = epsSharpness(o64, { epsilon: 1e-2 });
    const s32 = epsSharpness(o32, { epsilon: 1e-2 });
    expect(s64.sharpness).toBeGreaterThan(0);
    expect(Math.abs(s32.sharpness - s64.sharpness)).toBeLessThan(2e-3 * s64.sharpness + 1e-4);
  });
});
