import { describe, expect, it } from 'vitest';
import { sgd } from '@descent/optim-wasm';
import { blobs } from '../data/synthetic.js';
import { subset } from '../data/loader.js';
import { mlp } from '../models/mlp.js';
import { batchSizeSweep, FIXED_BUDGET_NOTE, type BatchSizeSweepOptions } from './batch-size-sweep.js';
import { digitsBatchSizeJob, DIGITS_BATCH_SIZE_DEFAULTS } from './digits-batch-size-job.js';

const data = blobs({ n: 60, centers: [[0, 0], [2, 0], [0, 2]], std: 0.8, rng: 3 });
const idx = Array.from({ length: 60 }, (_, i) => i);
const train = subset(data, idx.slice(0, 45));
const test = subset(data, idx.slice(45));
const base: BatchSizeSweepOptions = {
  model: (rng) => mlp({ inputs: 2, hidden: [8], outputs: 3, rng }),
  train,
  test,
  batchSizes: [4, 16, 'full'],
  seed: 1,
  optimizer: sgd({ lr: 0.05, momentum: 0.9 }),
  ascentSteps: 3,
  hessianIterations: 5,
};

function wellFormed(rows: ReturnType<typeof batchSizeSweep>['rows']) {
  for (const r of rows) {
    for (const k of ['trainLoss', 'testLoss', 'sharpness', 'lambdaMax'] as const) expect(Number.isFinite(r[k]), `${r.batchSize} ${k}`).toBe(true);
    expect(r.sharpness).toBeGreaterThanOrEqual(0);
    expect(r.trainAccuracy).toBeGreaterThanOrEqual(0);
    expect(r.testAccuracy).toBeLessThanOrEqual(1);
  }
}

describe('batchSizeSweep', () => {
  it('fixed-epochs: same budget for every batch size, steps = epochs·⌈n/b⌉, and the confounding note', () => {
    const s = batchSizeSweep({ ...base, protocol: 'fixed-epochs', epochs: 3, subspaceDim: 4 });
    expect(s.note).toBe(FIXED_BUDGET_NOTE);
    expect(s.epochs).toBe(3);
    expect(s.rows.map((r) => r.batchSize)).toEqual([4, 16, 'full']);
    expect(s.rows.map((r) => [r.epochs, r.steps])).toEqual([[3, 3 * 12], [3, 3 * 3], [3, 3]]);
    expect(s.rows.every((r) => r.reachedTarget === undefined && r.sharpnessSubspace! >= 0)).toBe(true);
    wellFormed(s.rows);
  });

  it('target-loss: stops each run once the full training loss is below the target; same seed, same rows', () => {
    const o = { ...base, targetLoss: 0.6, maxEpochs: 40 };
    const s = batchSizeSweep(o);
    expect(s.protocol).toBe('target-loss');
    expect(s.targetLoss).toBe(0.6);
    for (const r of s.rows) {
      expect(r.reachedTarget).toBe(true);
      expect(r.trainLoss).toBeLessThan(0.6);
      expect(r.epochs).toBeLessThan(40);
    }
    expect(s.note).toBeUndefined();
    wellFormed(s.rows);
    expect(batchSizeSweep(o)).toEqual(s);
  });

  it('a run that misses the target within the cap is named in the note', () => {
    const s = batchSizeSweep({ ...base, batchSizes: ['full'], targetLoss: 1e-6, maxEpochs: 2 });
    expect(s.rows[0]!.reachedTarget).toBe(false);
    expect(s.note).toMatch(/batch sizes full did not reach training loss < 0.000001 within 2 epochs/);
  });

  it('rejects bad options', () => {
    expect(() => batchSizeSweep({ ...base, protocol: 'fixed-epochs' })).toThrow(/epochs \(required for fixed-epochs\) must be an integer >= 1, got undefined/);
    expect(() => batchSizeSweep({ ...base, batchSizes: [0] })).toThrow(/batchSizes\[0\] must be an integer >= 1 or 'full', got 0/);
    expect(() => batchSizeSweep({ ...base, protocol: 'sometimes' as never })).toThrow(/protocol must be 'target-loss' or 'fixed-epochs'/);
  });
});

describe('digits batch-size job', () => {
  it('runs one point from a JSON spec (tiny budget) and returns a row with its seed', async () => {
    const job = digitsBatchSizeJob();
    const spec = job.spec({ ...DIGITS_BATCH_SIZE_DEFAULTS, batchSize: 'full', hidden: [8], protocol: 'fixed-epochs', epochs: 2, ascentSteps: 1, hessianIterations: 2 }, 4);
    const r = await job.run(spec);
    expect(r.seed).toBe(4);
    expect([r.batchSize, r.epochs, r.steps]).toEqual(['full', 2, 2]);
    expect(r.note).toBe(FIXED_BUDGET_NOTE);
    expect(Number.isFinite(r.sharpness) && Number.isFinite(r.lambdaMax)).toBe(true);
  });
});
