import { describe, expect, it } from 'vitest';
import { adam, Rng, sgd } from '@descent/optim-wasm';
import { gaussianNoise } from '@descent/regularize';
import { blobs } from '../data/synthetic.js';
import { mlp } from '../models/mlp.js';
import { earlyStopping } from './callbacks.js';
import { fit } from './fit.js';
import { reduceLrOnPlateau } from './schedule.js';
import { FitSession } from './session.js';
import { mixupTransform } from './transforms.js';
import type { FitOptions } from './types.js';

const data = blobs({ n: 90, centers: 3, std: 1.5, features: 4, rng: 3 });
const val = blobs({ n: 40, centers: 3, std: 1.5, features: 4, rng: 4 });
const net = () => mlp({ inputs: 4, hidden: [12], outputs: 3, dropout: 0.2, batchNorm: true, rng: new Rng(1) });
const bits = (a: Float32Array) => [...new Uint32Array(a.buffer, a.byteOffset, a.length)];
const options = (): FitOptions => ({
  optimizer: adam({ lr: 0.02 }),
  epochs: 5,
  batchSize: 16,
  seed: 11,
  validation: val,
  transforms: [gaussianNoise({ std: 0.05 }), mixupTransform({ alpha: 0.4 })],
  weightNoise: { std: 0.01 },
  schedule: reduceLrOnPlateau({ patience: 1, factor: 0.5, monitor: 'valLoss' }),
  callbacks: [earlyStopping({ patience: 2, restoreBestWeights: true })],
});

describe('FitSession', () => {
  it('fit() is a session run to the end, and a step at a time gives the same bits', () => {
    const whole = fit(net(), data, options());
    const m = net();
    const s = new FitSession(m, data, options());
    const losses: number[] = [];
    for (let r = s.step(); r !== null; r = s.step()) losses.push(r.loss);
    const stepped = s.finish();
    expect(stepped.history).toEqual(whole.history);
    expect(bits(stepped.arena.values.read())).toEqual(bits(whole.arena.values.read()));
    expect(losses).toHaveLength(whole.steps);
  });

  it('a checkpoint taken between any two steps (mid-epoch included) resumes bit-identically', () => {
    const whole = fit(net(), data, options());
    for (const at of [1, 7, 8, 13]) {
      const a = new FitSession(net(), data, options());
      for (let i = 0; i < at; i++) a.step();
      const saved = JSON.parse(JSON.stringify(a.checkpoint().meta));
      const tensors = a.checkpoint().tensors;
      a.finish();
      // a new model with other initial weights, a new optimizer and new callbacks
      const m = mlp({ inputs: 4, hidden: [12], outputs: 3, dropout: 0.2, batchNorm: true, rng: new Rng(99) });
      const b = new FitSession(m, data, options());
      b.restore({ meta: saved, tensors });
      expect([b.epoch, b.batch]).toEqual([Math.floor(at / 6), at % 6]);
      const r = b.run();
      expect(r.history, `resumed after step ${at}`).toEqual(whole.history);
      expect(bits(r.arena.values.read())).toEqual(bits(whole.arena.values.read()));
    }
  });

  it('runAsync pauses between two steps and continues', async () => {
    const whole = fit(net(), data, options());
    const s = new FitSession(net(), data, options());
    let polls = 0;
    expect(await s.runAsync({ pause: () => ++polls === 4 })).toBe('paused');
    expect(s.batch).toBe(4);
    const r = await s.runAsync();
    expect(r).not.toBe('paused');
    expect((r as { history: unknown }).history).toEqual(whole.history);
  });

  it('a non-finite end-of-epoch figure stops the run after that epoch, naming it', () => {
    // the training is fine; one validation value is NaN
    const m = mlp({ inputs: 4, hidden: [8], outputs: 3, rng: new Rng(0) });
    const bigVal = { ...val, x: val.x.slice() };
    bigVal.x[5] = NaN;
    const r = fit(m, data, { optimizer: sgd({ lr: 0.01 }), epochs: 3, batchSize: 30, seed: 0, validation: bigVal });
    expect(r.stopReason).toBe('non-finite-evaluation');
    expect(r.history).toHaveLength(1);
    expect(Number.isFinite(r.history[0]!.valLoss!)).toBe(false);
    expect(r.error!.message).toMatch(/^fit: non-finite valLoss: epoch 0 ended with valLoss NaN \(after 3 steps, lr 0\.01\)/);
  });
});

describe('the last good state without a copy per step', () => {
  it('an overflow mid-epoch is undone to exactly the state after the previous step (copy + replay, buffers included)', () => {
    const k = 9; // steps 0..8 are good (epoch 1, batch 3 of 6), step 9 overflows
    const schedule = (t: number) => (t < k ? 0.01 : 1e39);
    const base = (): FitOptions => ({ optimizer: sgd({ lr: 0.01, momentum: 0.9 }), epochs: 3, batchSize: 16, seed: 5 });
    const bad = fit(net(), data, { ...base(), schedule });
    expect(bad.stopReason).toBe('non-finite-parameters');
    expect(bad.error!.message).toMatch(/epoch 2, batch 4 .*and was undone; parameters and optimizer state are kept from step 9/);
    const good = new FitSession(net(), data, { ...base(), schedule });
    for (let i = 0; i < k; i++) good.step();
    const want = good.checkpoint();
    const got = new FitSession(net(), data, { ...base(), schedule });
    for (let i = 0; i <= k; i++) got.step();
    expect(got.stopReason).toBe('non-finite-parameters');
    const have = got.checkpoint();
    expect(have.tensors.map((t) => [t.name, bits(t.data)])).toEqual(want.tensors.map((t) => [t.name, bits(t.data)]));
    expect(have.meta['optimizer']).toEqual(want.meta['optimizer']);
  });
});
