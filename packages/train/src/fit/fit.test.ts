import { describe, expect, it } from 'vitest';
import { adam, getCore, sgd, DescentError, Rng } from '@descent/optim-wasm';
import { crossEntropy, log, neg, type Tensor } from '@descent/autodiff';
import { l2Penalty } from '@descent/regularize';
import { blobs } from '../data/synthetic.js';
import { noisySine } from '../data/regression.js';
import { fit } from './fit.js';
import { evaluate } from './evaluate.js';
import { mlp } from '../models/mlp.js';
import { modelArena } from './arena.js';
import type { EpochRecord } from './types.js';

/** The packed parameter values of a model (packing binds it to the arena fit will use). */
const modelArenaValues = (m: Parameters<typeof modelArena>[0]) => modelArena(m).values.read();

const data = blobs({ n: 120, centers: 3, std: 0.6, features: 4, rng: 5 });

/** A two-layer ReLU perceptron with PyTorch's default init from `seed`. */
const net = (inputs: number, hidden: number, outputs: number, seed: number) => mlp({ inputs, hidden: [hidden], outputs, rng: new Rng(seed) });

describe('fit', () => {
  it('learns separable blobs with Adam and records a history per epoch', () => {
    const model = net(4, 16, 3, 1);
    const r = fit(model, data, { optimizer: adam({ lr: 0.02 }), epochs: 15, batchSize: 16, seed: 3, validation: data });
    expect(r.stopReason).toBe('completed');
    expect(r.history).toHaveLength(15);
    expect(r.steps).toBe(15 * Math.ceil(120 / 16));
    expect(r.history[14]!.trainLoss).toBeLessThan(r.history[0]!.trainLoss);
    expect(r.history[14]!.valAccuracy).toBeGreaterThan(0.95);
    expect(r.history.every((h) => h.lr === 0.02)).toBe(true);
    const e = evaluate(model, data);
    expect(e.loss).toBeCloseTo(r.history[14]!.valLoss!, 6);
    expect([...e.confusion!].reduce((a, b) => a + b, 0)).toBe(120);
  });

  it('same seed → bit-identical history and parameters; another seed differs', () => {
    const run = (seed: number) => {
      const model = net(4, 8, 3, 7);
      const r = fit(model, data, { optimizer: sgd({ lr: 0.1, momentum: 0.9 }), epochs: 4, batchSize: 10, seed, validation: data });
      return { history: r.history, params: r.arena.values.read() };
    };
    const a = run(11);
    const b = run(11);
    const c = run(12);
    expect(b.history).toEqual(a.history);
    expect(Buffer.from(b.params.buffer).equals(Buffer.from(a.params.buffer))).toBe(true);
    expect(c.history[3]!.trainLoss).not.toBe(a.history[3]!.trainLoss);
  });

  it('batchSize 1 is SGD (n steps per epoch), "full" is batch GD (1 step), dropLast drops the tail', () => {
    const small = { ...data, x: data.x.subarray(0, 40), y: data.y.subarray(0, 10) as Int32Array, n: 10 };
    const steps = (batchSize: number | 'full', dropLast = false) =>
      fit(net(4, 4, 3, 1), small, { optimizer: sgd({ lr: 0.01 }), epochs: 2, batchSize, dropLast, seed: 0 }).steps;
    expect(steps(1)).toBe(20);
    expect(steps('full')).toBe(2);
    expect(steps(4)).toBe(6);
    expect(steps(4, true)).toBe(4);
  });

  it('full-batch GD without shuffling equals hand-computed gradient descent on the mean loss (f64 oracle)', () => {
    // θ_{t+1} = θ_t − lr ∇L(θ_t), L = mean cross-entropy of W2 relu(W1 x + b1) + b2, in f64 by hand
    const model = net(4, 5, 3, 2);
    const [w1, b1, w2, b2] = model.parameters().map((p) => Array.from(p.data(), Number));
    const lr = 0.5;
    const steps = 3;
    for (let t = 0; t < steps; t++) {
      const g = [w1!.map(() => 0), b1!.map(() => 0), w2!.map(() => 0), b2!.map(() => 0)];
      for (let r = 0; r < data.n; r++) {
        const x = Array.from(data.x.subarray(r * 4, r * 4 + 4), Number);
        const z = Array.from({ length: 5 }, (_, j) => b1![j]! + x.reduce((s, xi, i) => s + w1![j * 4 + i]! * xi, 0));
        const h = z.map((v) => Math.max(v, 0));
        const o = Array.from({ length: 3 }, (_, k) => b2![k]! + h.reduce((s, hj, j) => s + w2![k * 5 + j]! * hj, 0));
        const m = Math.max(...o);
        const e = o.map((v) => Math.exp(v - m));
        const sum = e.reduce((a, b) => a + b, 0);
        const dO = e.map((v, k) => (v / sum - (k === data.y[r] ? 1 : 0)) / data.n);
        const dH = h.map((_, j) => dO.reduce((s, d, k) => s + d * w2![k * 5 + j]!, 0) * (z[j]! > 0 ? 1 : 0));
        dO.forEach((d, k) => {
          g[3]![k]! += d;
          h.forEach((hj, j) => (g[2]![k * 5 + j]! += d * hj));
        });
        dH.forEach((d, j) => {
          g[1]![j]! += d;
          x.forEach((xi, i) => (g[0]![j * 4 + i]! += d * xi));
        });
      }
      [w1, b1, w2, b2].forEach((p, i) => p!.forEach((v, k) => (p![k] = v - lr * g[i]![k]!)));
    }
    const r = fit(model, data, { optimizer: sgd({ lr }), epochs: steps, batchSize: 'full', shuffle: false });
    expect(r.steps).toBe(steps);
    const got = model.parameters().map((p) => Array.from(p.data()));
    [w1, b1, w2, b2].forEach((want, i) => want!.forEach((v, k) => expect(got[i]![k]).toBeCloseTo(v, 5)));
  });

  it('honours per-group learning rates; a schedule scales each group\'s own lr (PyTorch scheduler semantics)', () => {
    const params = (m: ReturnType<typeof net>) => m.parameters().map((p) => [...p.data()]);
    const run = (lrs: [number, number], schedule?: (t: number) => number) => {
      const m = net(4, 5, 3, 2);
      const opt = sgd({ lr: 0.1 });
      const state = opt.init(modelArena(m), [
        { params: [0, 1], lr: lrs[0] },
        { params: [2, 3], lr: lrs[1] },
      ]);
      fit(m, data, { optimizer: opt, optimizerState: state, epochs: 3, batchSize: 'full', shuffle: false, schedule });
      return params(m);
    };
    const before = params(net(4, 5, 3, 2));
    // a frozen group (lr 0) stays put; the other one moves
    const frozen = run([0.1, 0]);
    expect(frozen.slice(2)).toEqual(before.slice(2));
    expect(frozen[0]).not.toEqual(before[0]);
    // halving the base lr halves every group's lr: the same as starting from half of each lr
    expect(run([0.1, 0.02], () => 0.05)).toEqual(run([0.05, 0.01]));
  });

  it('regression with mse, a per-step schedule and callbacks (onBatchEnd/onEpochEnd/stop)', () => {
    const sine = noisySine({ n: 64, noise: 0.1, rng: 4 });
    const model = net(1, 16, 1, 3);
    const seen: number[] = [];
    const lrs: number[] = [];
    const r = fit(model, sine, {
      optimizer: adam({ lr: 0.05 }),
      epochs: 50,
      batchSize: 16,
      seed: 1,
      validation: sine,
      schedule: (t) => 0.05 / (1 + t),
      callbacks: [
        { onBatchEnd: (ctx, b) => { seen.push(b.loss); lrs.push(ctx.step); } },
        (ctx, rec: EpochRecord) => { if (rec.epoch === 2) ctx.stop('enough'); },
      ],
    });
    expect(r.stopReason).toBe('callback');
    expect(r.stopMessage).toBe('enough');
    expect(r.history).toHaveLength(3);
    expect(seen).toHaveLength(12);
    expect(lrs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(r.history[2]!.lr).toBeCloseTo(0.05 / 12, 12);
    expect(r.history[2]!.valMse).toBeCloseTo(r.history[2]!.valLoss!, 6);
  });

  it('a non-finite loss stops before the update and keeps the last good parameters and optimizer state', () => {
    const model = net(4, 6, 3, 4);
    let calls = 0;
    const snapshots: Float32Array[] = [];
    const poison = (out: Tensor, y: Int32Array | Float32Array) => {
      calls++;
      const l = evaluateLoss(out, y);
      return calls === 6 ? log(neg(l)) : l;
    };
    const r = fit(model, data, {
      optimizer: adam({ lr: 0.01 }),
      loss: poison,
      epochs: 3,
      batchSize: 40,
      seed: 2,
      callbacks: [{ onBatchEnd: (ctx) => void snapshots.push(ctx.arena.values.read()) }],
    });
    expect(r.stopReason).toBe('non-finite-loss');
    expect(r.error).toBeInstanceOf(DescentError);
    expect(r.error!.message).toMatch(/epoch 2, batch 3 \(counted from 1; after 5 steps.*the loss is NaN.*kept from step 5/);
    expect(r.steps).toBe(5);
    expect(r.optimizerState.step).toBe(5);
    expect(r.history).toHaveLength(1);
    expect([...r.arena.values.read()]).toEqual([...snapshots[4]!]);
    expect(r.arena.values.read().every(Number.isFinite)).toBe(true);
  });

  it('a diverging learning rate stops with a clear non-finite message, parameters finite', () => {
    const sine = noisySine({ n: 32, noise: 0.1, rng: 4 });
    const r = fit(net(1, 8, 1, 3), sine, { optimizer: sgd({ lr: 3, momentum: 0.9 }), epochs: 50, batchSize: 8, seed: 0 });
    expect(r.steps).toBeGreaterThan(2);
    expect(['non-finite-loss', 'non-finite-gradient']).toContain(r.stopReason);
    expect(r.error!.message).toMatch(/lower the learning rate/);
    expect(r.arena.values.read().every(Number.isFinite)).toBe(true);
  });

  it('an update that overflows the parameters is undone: non-finite-parameters, the initial parameters kept bit-exactly', () => {
    const model = net(4, 6, 3, 4);
    const before = modelArenaValues(model);
    const r = fit(model, data, { optimizer: sgd({ lr: 1e39 }), epochs: 2, batchSize: 40, seed: 2 });
    expect(r.stopReason).toBe('non-finite-parameters');
    expect(r.steps).toBe(0);
    expect(r.error!.message).toMatch(/epoch 1, batch 1 .*the optimizer step produced inf\/NaN parameters .*and was undone; parameters and optimizer state are kept from step 0/);
    expect([...r.arena.values.read()]).toEqual([...before]);
  });

  it('with guardParameters: false the overflowing update stays (and the message says the state is not good)', () => {
    const r = fit(net(4, 6, 3, 4), data, { optimizer: sgd({ lr: 1e39 }), epochs: 2, batchSize: 40, seed: 2, guardParameters: false });
    expect(r.stopReason).toBe('non-finite-parameters');
    expect(r.steps).toBe(1);
    expect(r.error!.message).toMatch(/epoch 1, batch 1 .*the optimizer step produced inf\/NaN parameters.*NOT a good state/);
    expect(r.arena.values.read().every(Number.isFinite)).toBe(false);
  });

  it('a penalty regularizer λ/2‖θ‖² matches SGD weight decay λ (PyTorch coupled decay)', () => {
    const a = net(4, 6, 3, 4);
    const b = net(4, 6, 3, 4);
    const o = { epochs: 3, batchSize: 30, seed: 1 };
    fit(a, data, { ...o, optimizer: sgd({ lr: 0.1 }), regularizers: { penalty: (m) => l2Penalty(m.parameters(), 0.05, { half: true }) } });
    fit(b, data, { ...o, optimizer: sgd({ lr: 0.1, weightDecay: 0.05 }) });
    const pa = a.parameters().flatMap((p) => [...p.data()]);
    const pb = b.parameters().flatMap((p) => [...p.data()]);
    pa.forEach((v, i) => expect(v).toBeCloseTo(pb[i]!, 5));
  });

  it('gradient clipping by norm bounds the first step of SGD', () => {
    const m = net(4, 6, 3, 4);
    const before = m.parameters().map((p) => [...p.data()]).flat();
    fit(m, data, { optimizer: sgd({ lr: 1 }), epochs: 1, batchSize: 'full', shuffle: false, gradClip: 0.01 });
    const after = m.parameters().map((p) => [...p.data()]).flat();
    const norm = Math.sqrt(before.reduce((s, v, i) => s + (after[i]! - v) ** 2, 0));
    expect(norm).toBeLessThanOrEqual(0.01 + 1e-6);
    expect(norm).toBeGreaterThan(0.0099);
  });

  it("Keras clipnorm (form 'keras', perParameter) bounds each parameter's first SGD step on its own", () => {
    const m = net(4, 6, 3, 4);
    const before = m.parameters().map((p) => [...p.data()]);
    fit(m, data, { optimizer: sgd({ lr: 1 }), epochs: 1, batchSize: 'full', shuffle: false, gradClip: { maxNorm: 0.01, form: 'keras', perParameter: true } });
    const steps = m.parameters().map((p, i) => Math.hypot(...[...p.data()].map((v, k) => v - before[i]![k]!)));
    for (const s of steps) expect(s).toBeLessThanOrEqual(0.01 + 1e-6);
    expect(Math.hypot(...steps)).toBeGreaterThan(0.011); // the global norm is not bounded by c
  });

  it('training steps keep WASM memory flat', () => {
    const model = net(4, 16, 3, 1);
    const core = getCore();
    fit(model, data, { optimizer: adam({ lr: 0.01 }), epochs: 1, batchSize: 8, seed: 0 });
    const top = core.heapTop;
    const live = core.liveBytes;
    fit(model, data, { optimizer: adam({ lr: 0.01 }), epochs: 3, batchSize: 8, seed: 0, optimizerState: undefined });
    expect(core.heapTop).toBe(top);
    // the second fit allocates one new optimizer state (2 slots) and nothing per step
    expect(core.liveBytes - live).toBeLessThanOrEqual(2 * (4 * 16 + 16 + 16 * 3 + 3) * 4 + 64);
  });

  it('bad options name the field', () => {
    const m = net(4, 2, 3, 0);
    expect(() => fit(m, data, { optimizer: sgd({ lr: 0.1 }), epochs: 1, batchSize: 0, seed: 0 })).toThrow(/batchSize must be/);
    expect(() => fit(m, data, { optimizer: sgd({ lr: 0.1 }), epochs: 1, batchSize: 4 })).toThrow(/seed must be/);
    expect(() => fit(m, { ...data, n: 7 }, { optimizer: sgd({ lr: 0.1 }), epochs: 1, batchSize: 4, seed: 0 })).toThrow(/data.x has 480 values/);
    expect(() => fit(m, data, { optimizer: sgd({ lr: 0.1 }), epochs: 1, batchSize: 4, seed: 0, schedule: () => NaN })).toThrow(/schedule\(0\) returned NaN/);
  });
});

function evaluateLoss(out: Tensor, y: Int32Array | Float32Array): Tensor {
  return crossEntropy(out, y as Int32Array);
}
