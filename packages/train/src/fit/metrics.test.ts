import { describe, expect, it } from 'vitest';
import { Rng } from '@descent/optim-wasm';
import { blobs } from '../data/synthetic.js';
import { mlp } from '../models/mlp.js';
import { accuracy, argmaxRows, confusionMatrix, meanSquaredError, RunningMean } from './metrics.js';
import { evaluate, predict } from './evaluate.js';

describe('metrics', () => {
  it('argmax (first index on ties), accuracy, mse, confusion matrix by hand', () => {
    expect([...argmaxRows([0, 2, 2, 5, 1, 0, -1, -1, -3], 3)]).toEqual([1, 0, 0]);
    expect(accuracy([1, 0, 2, 2], [1, 1, 2, 0])).toBe(0.5);
    expect(meanSquaredError([1, 2, 3], [1, 0, 0])).toBeCloseTo(13 / 3, 15);
    // rows = true class, columns = predicted
    expect([...confusionMatrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)]).toEqual([1, 1, 0, 0, 1, 0, 1, 0, 1]);
    const m = new RunningMean();
    m.add(2, 3);
    m.add(4, 1);
    expect(m.mean()).toBe(2.5);
  });

  it('bad shapes and labels name the op', () => {
    expect(() => accuracy([1], [1, 2])).toThrow(/accuracy: 1 predictions for 2 labels/);
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(/row 1 has label 3/);
    expect(() => argmaxRows([1, 2, 3], 2)).toThrow(/argmaxRows/);
  });

  it('evaluate: batch size does not change the metrics; loss equals the full-batch mean; predict agrees', () => {
    const d = blobs({ n: 37, centers: 4, std: 1, features: 3, rng: 3 });
    const model = mlp({ inputs: 3, hidden: [5], outputs: 4, rng: new Rng(1) });
    const a = evaluate(model, d, { batchSize: 5 });
    const b = evaluate(model, d, { batchSize: 1000 });
    expect(a.accuracy).toBe(b.accuracy);
    expect([...a.confusion!]).toEqual([...b.confusion!]);
    expect(a.loss).toBeCloseTo(b.loss, 6);
    const { outputs, width } = predict(model, d.x, 3, { batchSize: 7 });
    expect(width).toBe(4);
    expect(accuracy(argmaxRows(outputs, 4), d.y)).toBe(a.accuracy);
    // log-sum-exp cross-entropy from the predicted logits, in f64
    let ce = 0;
    for (let i = 0; i < d.n; i++) {
      const row = [...outputs.subarray(i * 4, i * 4 + 4)];
      const mx = Math.max(...row);
      ce += mx + Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0)) - row[d.y[i]!]!;
    }
    expect(a.loss).toBeCloseTo(ce / d.n, 5);
    expect(model.training).toBe(true);
  });
});
