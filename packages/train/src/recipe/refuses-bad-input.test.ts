// A trainer built straight from a config (no validateTrainConfig first) still refuses loop fields it
// cannot count with: `epochs: "x"` used to train for ever.
import { DescentError } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, type TrainConfig } from './config.js';
import { namedDataset, prepare } from './data.js';
import { createTrainer } from './session.js';

const config = (o: Record<string, unknown>): TrainConfig => ({ ...TRAIN_DEFAULTS, name: 't', dataset: 'moons', samples: 60, model: 'mlp:4', ...o }) as TrainConfig;
const dataOf = (c: TrainConfig) => prepare(namedDataset(c), c.valSplit, c.testSplit, c.seed);

describe('createTrainer refuses loop fields it cannot use', () => {
  for (const [field, value, message] of [
    ['epochs', 'x', '`epochs`: must be an integer >= 1, got "x"'],
    ['epochs', Infinity, '`epochs`: must be an integer >= 1, got Infinity'],
    ['batchSize', '16', "`batchSize`: must be at least 1 or 'full', got \"16\""],
    ['earlyStopping', -1, '`earlyStopping`: must be a whole number of epochs, got -1'],
  ] as const) {
    it(`${field}: ${String(value)}`, () => {
      const c = config({});
      const bad = config({ [field]: value });
      let error: unknown;
      try {
        createTrainer(bad, dataOf(c));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DescentError);
      expect((error as DescentError).message).toBe(message);
    });
  }
});
