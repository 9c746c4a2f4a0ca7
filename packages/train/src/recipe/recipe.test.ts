import { describe, expect, it } from 'vitest';
import { DescentError, Rng } from '@descent/optim-wasm';
import { TRAIN_DEFAULTS, validateTrainConfig, type TrainConfig } from './config.js';
import { namedDataset, prepare } from './data.js';
import { buildModel, parseHidden } from './model.js';
import { createTrainer } from './session.js';

const config = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  ...TRAIN_DEFAULTS,
  name: 't',
  optim: { lr: 0.03 },
  dataset: 'moons',
  samples: 120,
  model: 'mlp:8-8',
  batchSize: 16,
  epochs: 3,
  dropout: 0.2,
  mixup: 0.3,
  weightNoise: 0.01,
  l2: 0.001,
  ...o,
});
const dataOf = (c: TrainConfig) => prepare(namedDataset(c), c.valSplit, c.testSplit, c.seed);

describe('recipe: a training run as data', () => {
  it('step by step equals runSync; a mid-epoch checkpoint resumes bit-identically', () => {
    const c = config();
    const whole = createTrainer(c, dataOf(c));
    whole.runSync();
    const a = createTrainer(c, dataOf(c));
    for (let i = 0; i < 9; i++) a.step(); // 6 batches per epoch: stop inside epoch 2
    expect([a.epoch, a.batch]).toEqual([1, 3]);
    const b = createTrainer(c, dataOf(c));
    b.restore(a.checkpoint());
    b.runSync();
    expect(b.history).toEqual(whole.history);
    expect(Float32Array.from(b.arena.values.read())).toEqual(Float32Array.from(whole.arena.values.read()));
    expect(whole.history.map((h) => h.step)).toEqual([6, 12, 18]);
  });

  it('early stopping restores the weights of the best validation epoch', () => {
    const c = config({ epochs: 12, earlyStopping: 2, optim: { lr: 0.5 } });
    const t = createTrainer(c, dataOf(c));
    t.runSync();
    const best = t.bestEpoch!;
    expect(t.score(t.data.val!).loss).toBe(t.history[best - 1]!.valLoss);
  });

  it('the model of a spec: layers in order, one init stream per layer', () => {
    const m = buildModel({ model: 'mlp:4', activation: 'leaky-relu', dropout: 0.5, batchNorm: true }, { features: 2, outputs: 3, shape: null }, new Rng(0), { rng: null });
    expect(m.namedChildren().map(([, l]) => l.typeName)).toEqual(['Linear', 'BatchNorm1d', 'LeakyReLU', 'Dropout', 'Linear']);
    const cnn = buildModel({ model: 'cnn', activation: 'relu', dropout: 0, batchNorm: false }, { features: 64, outputs: 10, shape: [1, 8, 8] }, new Rng(0), { rng: null });
    expect(cnn.parameterCount()).toBe(8 * 9 + 8 + 16 * 8 * 9 + 16 + 16 * 4 * 10 + 10);
    expect(parseHidden('linear')).toEqual([]);
    expect(() => parseHidden('mpl:8')).toThrow(/`model`: expected .* \(did you mean mlp\?\)/);
  });

  it('bad fields are DescentErrors naming the flag and value', () => {
    const bad = (o: Partial<TrainConfig>) => () => validateTrainConfig(config(o));
    expect(bad({ epochs: 0 })).toThrow(/`epochs`: must be an integer >= 1, got 0/);
    expect(bad({ dropout: 1 })).toThrow(/`dropout`: must be in \[0, 1\), got 1/);
    expect(bad({ dataset: 'mons' })).toThrow(/unknown dataset 'mons' \(did you mean moons\?\)/);
    expect(bad({ earlyStopping: 2, valSplit: 0 })).toThrow(DescentError);
    expect(() => createTrainer(config({ schedule: 'step:x' }), dataOf(config()))).toThrow(/`schedule` 'step:x': step size must be a number/);
  });

  it('a diverging run throws a clear DescentError', () => {
    const c = config({ samples: 400, optimizer: 'sgd', optim: { lr: 1e6 }, epochs: 5, dropout: 0, mixup: 0, weightNoise: 0, l2: 0, valSplit: 0.2, seed: 7 });
    const t = createTrainer(c, dataOf(c));
    expect(() => t.runSync()).toThrow(/training diverged: training stopped in epoch \d+, batch \d+ .*: the loss is .*; lower the learning rate/);
  });
});
