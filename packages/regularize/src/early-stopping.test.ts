import { readFileSync } from 'node:fs';
import { Linear, referenceBackend, Sequential, tensor } from '@descent/autodiff';
import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { EarlyStopping } from './early-stopping.js';
import { BatchNorm1d } from './layers/batch-norm.js';
import { restoreSnapshot, takeSnapshot } from './snapshot.js';

interface EsCase {
  id: string;
  inputs: { values: number[]; mode: 'min' | 'max'; patience: number; min_delta: number; baseline: number | null };
  expected: { stopped_epoch: number | null; best_epoch: number; best_value: number; epochs_run: number; wait: number[]; stopped_epoch_tf_keras_legacy: number | null };
}

const cases = (JSON.parse(readFileSync(new URL('../../../fixtures/public/early_stopping.json', import.meta.url), 'utf8')) as { cases: EsCase[] }).cases;

function run(c: EsCase, rule: 'keras3' | 'tfkeras-legacy') {
  const { values, mode, patience, min_delta, baseline } = c.inputs;
  const es = new EarlyStopping({ mode, patience, minDelta: min_delta, baseline, rule });
  let epochs = 0;
  for (const v of values) {
    epochs++;
    if (es.update(v)) break;
  }
  return { es, epochs };
}

describe('EarlyStopping against the Keras fixtures', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { es, epochs } = run(c, 'keras3');
    expect(es.stoppedEpoch).toBe(c.expected.stopped_epoch);
    expect(es.shouldStop).toBe(c.expected.stopped_epoch !== null);
    expect(es.bestEpoch).toBe(c.expected.best_epoch);
    expect(es.best).toBe(c.expected.best_value);
    expect(epochs).toBe(c.expected.epochs_run);
    expect(es.waitHistory).toEqual(c.expected.wait);
    expect(run(c, 'tfkeras-legacy').es.stoppedEpoch).toBe(c.expected.stopped_epoch_tf_keras_legacy);
  });

  it('covers all seven families, including ones where the two rules differ', () => {
    expect(cases.length).toBe(14);
    expect(cases.filter((c) => c.expected.stopped_epoch !== c.expected.stopped_epoch_tf_keras_legacy).length).toBeGreaterThanOrEqual(4);
  });
});

describe('EarlyStopping state machine', () => {
  it('ignores epochs before startFromEpoch entirely', () => {
    const es = new EarlyStopping({ patience: 1, startFromEpoch: 3 });
    // epochs 0..2 are rising (would stop) but ignored
    expect([1, 2, 3].map((v) => es.update(v))).toEqual([false, false, false]);
    expect(es.best).toBeNull();
    expect(es.update(0.5)).toBe(false); // epoch 3: first processed, improves
    expect(es.bestEpoch).toBe(3);
    expect(es.update(0.6)).toBe(true); // epoch 4: wait 1 >= patience 1
    expect(es.stoppedEpoch).toBe(4);
  });

  it('minDelta sign is ignored (|minDelta|) and max mode uses cur − δ > best', () => {
    const a = new EarlyStopping({ mode: 'max', minDelta: -0.1, patience: 5 });
    a.update(0.5);
    a.update(0.55); // not better by more than 0.1
    expect(a.bestEpoch).toBe(0);
    a.update(0.61);
    expect(a.bestEpoch).toBe(2);
  });

  it('refuses updates after a stop until reset, and validates options', () => {
    const es = new EarlyStopping({ patience: 0 });
    es.update(1);
    expect(es.update(2)).toBe(true);
    expect(() => es.update(3)).toThrow(/already stopped at epoch 1/);
    es.reset();
    expect(es.update(3)).toBe(false);
    expect(es.nextEpoch).toBe(1);
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(DescentError);
    expect(() => new EarlyStopping({ mode: 'up' as never })).toThrow(/mode must be 'min' or 'max'/);
    expect(() => new EarlyStopping({ rule: 'keras2' as never })).toThrow(/rule/);
    expect(() => es.update(NaN)).toThrow(/must be a number/);
  });

  it('restoreBestWeights restores parameters AND buffers bit-exactly, also without a stop', () => {
    const backend = referenceBackend();
    const rng = new Rng(7);
    const model = new Sequential(new Linear(3, 4, { rng, backend }), new BatchNorm1d(4, { backend }));
    const es = new EarlyStopping({ patience: 10, restoreBestWeights: true });
    const x = tensor(Array.from({ length: 15 }, (_, i) => Math.sin(i)), { shape: [5, 3], backend });
    const losses = [1, 0.5, 0.7, 0.8];
    let atBest: Record<string, number[]> = {};
    losses.forEach((loss, epoch) => {
      model.forward(x); // moves the BatchNorm running statistics
      for (const p of model.parameters()) p.assign(Array.from(p.data(), (v) => v + 0.01 * (epoch + 1)));
      es.update(loss, model);
      if (epoch === 1) atBest = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, Array.from(v.data)]));
    });
    expect(es.shouldStop).toBe(false);
    const before = model.stateDict();
    expect(Array.from(before['1.runningMean']!.data)).not.toEqual(atBest['1.runningMean']);
    expect(es.finish(model)).toBe(true);
    const after = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, Array.from(v.data)]));
    expect(Object.keys(after)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '1.runningMean', '1.runningVar', '1.numBatchesTracked']);
    expect(after).toEqual(atBest);
  });

  it('takeSnapshot / restoreSnapshot round-trip and name what is missing', () => {
    const backend = referenceBackend();
    const model = new Sequential(new Linear(2, 2, { rng: new Rng(1), backend }));
    const snap = takeSnapshot(model);
    const w = model.parameters()[0]!;
    const before = Array.from(w.data());
    w.assign([9, 9, 9, 9]);
    restoreSnapshot(model, snap);
    expect(Array.from(w.data())).toEqual(before);
    expect(() => restoreSnapshot(new BatchNorm1d(2, { backend }), snap)).toThrow(/no parameter or buffer '0.weight'/);
    expect(() => restoreSnapshot(new Sequential(new BatchNorm1d(2, { backend })), snap)).toThrow(/restoreSnapshot\('0.weight'\): 4 values for tensor of 2 elements/);
  });

  it('restoreBestWeights needs the model', () => {
    const es = new EarlyStopping({ restoreBestWeights: true });
    expect(() => es.update(1)).toThrow(/needs the model/);
    expect(new EarlyStopping().finish()).toBe(false);
  });
});
