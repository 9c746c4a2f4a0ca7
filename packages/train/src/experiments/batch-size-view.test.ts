import { describe, expect, it } from 'vitest';
import { BATCH_SIZE_VIEW_DEFAULTS, runBatchSizeView } from './batch-size-view.js';

describe('runBatchSizeView (the playground view and `descent experiment batch-size --batch-sizes`)', () => {
  const s = { ...BATCH_SIZE_VIEW_DEFAULTS, samples: 200, hidden: [16, 16], targetLoss: 0.1, maxEpochs: 200 };
  const r = runBatchSizeView(s);

  it('each batch size trains to the target loss; the full batch takes one step per epoch', () => {
    expect(r.rows.map((row) => row.batchSize)).toEqual([8, 'full']);
    expect(r.rows[1]!.batch).toBe(140);
    for (const row of r.rows) {
      expect(row.reachedTarget).toBe(true);
      expect(row.trainLoss).toBeLessThan(s.targetLoss);
    }
    expect(r.rows[1]!.steps).toBe(r.rows[1]!.epochs);
    expect(r.rows[0]!.steps).toBe(r.rows[0]!.epochs * Math.ceil(140 / 8));
    expect(r.note).toBeUndefined();
  });

  it('at the same training loss the small batch sits in the flatter minimum (Keskar et al.)', () => {
    expect(r.rows[0]!.sharpness).toBeLessThan(r.rows[1]!.sharpness);
    expect(r.rows[0]!.lambdaMax).toBeLessThan(r.rows[1]!.lambdaMax);
  });

  it('the line passes through both solutions: its training loss at α = 0 and 1 is each row’s', () => {
    const at = (a: number) => r.line.train[r.line.alpha.findIndex((x) => Math.abs(x - a) < 1e-12)]!;
    expect(r.line.alpha).toHaveLength(41);
    expect(at(0)).toBeCloseTo(r.rows[0]!.trainLoss, 5);
    expect(at(1)).toBeCloseTo(r.rows[1]!.trainLoss, 5);
  });

  it('a batch size that misses the target says so; one batch size is refused', () => {
    const missed = runBatchSizeView({ ...s, samples: 60, targetLoss: 1e-4, maxEpochs: 2 });
    expect(missed.rows.every((row) => row.reachedTarget === false)).toBe(true);
    expect(missed.note).toMatch(/did not reach training loss < 0.0001 within 2 epochs/);
    expect(() => runBatchSizeView({ ...s, batchSizes: [8] })).toThrow(/batchSizes needs two batch sizes/);
  });
});
