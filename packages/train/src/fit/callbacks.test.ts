import { describe, expect, it } from 'vitest';
import { adam, Rng, sgd } from '@descent/optim-wasm';
import { blobs } from '../data/synthetic.js';
import { mlp } from '../models/mlp.js';
import { fit } from './fit.js';
import { earlyStopping, progress, type ProgressEvent } from './callbacks.js';
import { epochSchedule, reduceLrOnPlateau } from './schedule.js';

const train = blobs({ n: 60, centers: 3, std: 2.5, features: 4, rng: 1 });
const val = blobs({ n: 60, centers: 3, std: 2.5, features: 4, rng: 2 });

/** A two-layer ReLU perceptron with PyTorch's default init from `seed`. */
const net = (inputs: number, hidden: number, outputs: number, seed: number) => mlp({ inputs, hidden: [hidden], outputs, rng: new Rng(seed) });

describe('callbacks', () => {
  it('earlyStopping stops when valLoss stalls and restores the best weights bit-exactly', () => {
    // a wide net with a large lr overfits the noisy blobs: the validation loss turns up
    const model = mlp({ inputs: 4, hidden: [64], outputs: 3, rng: new Rng(0) });
    const snaps: Float32Array[] = [];
    const es = earlyStopping({ patience: 3, restoreBestWeights: true });
    const r = fit(model, train, {
      optimizer: adam({ lr: 0.05 }),
      epochs: 200,
      batchSize: 8,
      seed: 0,
      validation: val,
      callbacks: [(ctx) => void snaps.push(ctx.arena.values.read()), es],
    });
    expect(r.stopReason).toBe('callback');
    const losses = r.history.map((h) => h.valLoss!);
    const best = losses.indexOf(Math.min(...losses));
    expect(es.state.bestEpoch).toBe(best);
    expect(r.history).toHaveLength(best + 4);
    expect(r.stopMessage).toBe(`early stopping: 'valLoss' did not improve for 3 epochs (best ${losses[best]} at epoch ${best})`);
    expect(Buffer.from(r.arena.values.read().buffer).equals(Buffer.from(snaps[best]!.buffer))).toBe(true);
  });

  it('earlyStopping on valAccuracy defaults to mode max; a missing field is a clear error', () => {
    expect(earlyStopping({ monitor: 'valAccuracy' }).state.mode).toBe('max');
    const run = () => fit(net(4, 3, 3, 0), train, { optimizer: sgd({ lr: 0.1 }), epochs: 2, batchSize: 8, seed: 0, callbacks: [earlyStopping()] });
    expect(run).toThrow(/earlyStopping: the history has no 'valLoss' at epoch 0/);
  });

  it('reduceLrOnPlateau (a schedule plan) lowers the lr by factor after patience bad epochs', () => {
    const cb = reduceLrOnPlateau({ monitor: 'trainLoss', patience: 0, factor: 0.5, threshold: 10 }); // never "better" after the first
    const r = fit(net(4, 4, 3, 0), train, { optimizer: sgd({ lr: 0.1 }), epochs: 4, batchSize: 'full', seed: 0, schedule: cb });
    expect(r.history.map((h) => h.lr)).toEqual([0.1, 0.1, 0.05, 0.025]);
    expect(cb.machine()!.lr).toBe(0.0125);
  });

  it('epochSchedule (a schedule plan) sets the lr per epoch; progress reports batches and epochs', () => {
    const batches: ProgressEvent[] = [];
    const epochs: ProgressEvent[] = [];
    const r = fit(net(4, 4, 3, 0), train, {
      optimizer: sgd({ lr: 0.1 }),
      epochs: 3,
      batchSize: 20,
      seed: 0,
      schedule: epochSchedule((e) => 0.1 * 0.5 ** e),
      callbacks: [progress({ onBatch: (e) => batches.push(e), onEpoch: (e) => epochs.push(e) })],
    });
    expect(r.history.map((h) => h.lr)).toEqual([0.1, 0.05, 0.025]);
    expect(batches.map((b) => b.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batches[4]!).toMatchObject({ epoch: 1, lr: 0.05, metrics: { batch: 1, size: 20 } });
    expect(epochs.map((e) => e.loss)).toEqual(r.history.map((h) => h.trainLoss));
    expect(epochs[2]!.metrics).toMatchObject({ epoch: 2, steps: 9, trainAccuracy: r.history[2]!.trainAccuracy });
  });

  it('onBatchEnd/onEpochEnd options give a UI epoch, step, loss, step lr, metrics and stop()', () => {
    const batchEvents: ProgressEvent[] = [];
    const epochEvents: ProgressEvent[] = [];
    const r = fit(net(4, 4, 3, 0), train, {
      optimizer: sgd({ lr: 0.1 }),
      epochs: 5,
      batchSize: 25, // 60 rows: batches of 25, 25, 10
      seed: 0,
      validation: val,
      schedule: (step) => 0.1 / (1 + step),
      onBatchEnd: (e) => {
        batchEvents.push(e);
      },
      onEpochEnd: (e) => {
        epochEvents.push(e);
        if (e.epoch === 1) e.stop('user pressed stop');
      },
    });
    expect(r.stopReason).toBe('callback');
    expect(r.stopMessage).toBe('user pressed stop');
    expect(r.history).toHaveLength(2);
    expect(batchEvents.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batchEvents.map((e) => e.lr)).toEqual([0, 1, 2, 3, 4, 5].map((t) => 0.1 / (1 + t)));
    expect(batchEvents[4]).toMatchObject({ epoch: 1, epochs: 5, batch: 1, batchesPerEpoch: 3, metrics: { batch: 1, size: 25 } });
    expect(epochEvents[1]).toMatchObject({ epoch: 1, epochs: 5, step: 6, loss: r.history[1]!.trainLoss, lr: 0.1 / 6 });
    expect(epochEvents[1]!.metrics['valAccuracy']).toBe(r.history[1]!.valAccuracy);
    // stop() after a batch ends training after that batch
    const s = fit(net(4, 4, 3, 0), train, { optimizer: sgd({ lr: 0.1 }), epochs: 5, batchSize: 25, seed: 0, onBatchEnd: (e) => e.step === 4 && e.stop() });
    expect(s.steps).toBe(4);
    expect(s.stopMessage).toBe('stopped from a progress hook');
  });
});
