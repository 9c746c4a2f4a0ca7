// batchSizeSweep's onTrained hook: what `descent experiment batch-size` writes to metrics.jsonl
// and checkpoint/ — each batch size's epochs and final weights, observed without changing a number.
import { Rng, sgd } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { blobs } from '../data/synthetic.js';
import { subset } from '../data/loader.js';
import { evaluate } from '../fit/evaluate.js';
import type { EpochRecord } from '../fit/types.js';
import { mlp } from '../models/mlp.js';
import { batchSizeSweep, type BatchSizeSweepOptions } from './batch-size-sweep.js';

const data = blobs({ n: 60, centers: [[0, 0], [2, 0], [0, 2]], std: 0.8, rng: 3 });
const idx = Array.from({ length: 60 }, (_, i) => i);
const base: BatchSizeSweepOptions = {
  model: (rng) => mlp({ inputs: 2, hidden: [8], outputs: 3, rng }),
  train: subset(data, idx.slice(0, 45)),
  test: subset(data, idx.slice(45)),
  batchSizes: [4, 'full'],
  seed: 1,
  optimizer: sgd({ lr: 0.05, momentum: 0.9 }),
  protocol: 'fixed-epochs',
  epochs: 6,
  ascentSteps: 3,
  hessianIterations: 5,
};

describe('batchSizeSweep onTrained', () => {
  it('sees every batch size in order with its history and final weights; the rows are unchanged', () => {
    const seen: { batchSize: number | 'full'; history: EpochRecord[]; state: Record<string, { shape: number[]; data: Float32Array }> }[] = [];
    const observed = batchSizeSweep({
      ...base,
      onTrained: ({ batchSize, model, fit }) => {
        const state = Object.fromEntries(Object.entries(model.stateDict!()).map(([k, v]) => [k, { shape: [...v.shape], data: Float32Array.from(v.data) }]));
        seen.push({ batchSize, history: fit.history, state });
      },
    });
    expect(observed.rows).toEqual(batchSizeSweep(base).rows);
    expect(seen.map((s) => s.batchSize)).toEqual([4, 'full']);
    for (const [i, s] of seen.entries()) {
      const row = observed.rows[i]!;
      expect(s.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(s.history.at(-1)!.steps).toBe(row.steps);
      // the kept weights are the final model: the full training loss is the row's, bit for bit
      const net = mlp({ inputs: 2, hidden: [8], outputs: 3, rng: new Rng(42) });
      net.loadStateDict(s.state);
      expect(evaluate(net, base.train, { batchSize: 45, confusion: false }).loss).toBe(row.trainLoss);
    }
  });
});
