import { describe, expect, it } from 'vitest';
import { adam, Rng } from '@descent/optim-wasm';
import { loadDigits } from '../data/bundled-node.js';
import { subset } from '../data/loader.js';
import { standardize } from '../data/standardize.js';
import { holdoutSplit } from '../selection/holdout.js';
import { mlp } from '../models/mlp.js';
import { fit } from './fit.js';
import { evaluate } from './evaluate.js';

describe('digits (the protocol of scripts/experiments.ts, shortened)', () => {
  it('MLP 64-128-10 with Adam reaches >= 97 % test accuracy on a stratified 80/20 split (seed 0)', () => {
    const d = loadDigits();
    const s = holdoutSplit(d.n, { test: 0.2, stratify: d.y, rng: new Rng(0).fork('split') });
    const scaler = standardize(subset(d, s.train));
    const train = scaler.apply(subset(d, s.train));
    const test = scaler.apply(subset(d, s.test));
    const model = mlp({ inputs: 64, hidden: [128], outputs: 10, rng: new Rng(0).fork('init') });
    const r = fit(model, train, { optimizer: adam({ lr: 1e-3 }), epochs: 15, batchSize: 32, seed: 0 });
    const e = evaluate(model, test);
    expect(r.history[14]!.trainLoss).toBeLessThan(r.history[0]!.trainLoss / 10);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.97);
    // the confusion matrix accounts for every test row; its diagonal is the accuracy
    const c = e.confusion!;
    let diag = 0;
    for (let k = 0; k < 10; k++) diag += c[k * 10 + k]!;
    expect(diag / test.n).toBe(e.accuracy);
    expect(c.reduce((a, b) => a + b, 0)).toBe(360);
  });
});
