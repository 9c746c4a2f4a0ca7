import { packParameters, type Tensor } from '@descent/autodiff';
import { Rng, type F32Buffer } from '@descent/optim-wasm';
import { validateLoopFields, type TrainConfig } from './config.js';
import type { Prepared } from './data.js';
import { withContext } from './errors.js';
import { buildModel, type StepRandomness } from './model.js';
import { buildOptimizer } from './optimizer.js';
import { parseSchedule } from './schedule.js';
import { Trainer } from './trainer.js';
import { batchTransform } from './transforms.js';

/**
 * Everything one training run needs, built from its config and prepared data: the model
 * (initialised from Rng(seed).fork('init')), its parameter arena, the optimizer and its state,
 * the lr plan and the batch transforms. Any problem is a DescentError 'bad-config'.
 *
 * @example const t = createTrainer(c, prepare(namedDataset(c), c.valSplit, c.testSplit, c.seed)); t.runSync();
 */
export function createTrainer(c: TrainConfig, data: Prepared): Trainer {
  validateLoopFields(c);
  return withContext('setup', () => {
    const randomness: StepRandomness = { rng: null };
    const outputs = data.task === 'classification' ? data.classes : 1;
    const model = buildModel(c, { features: data.features, outputs, shape: data.shape }, new Rng(c.seed).fork('init'), randomness);
    const arena = packParameters(model.parameters() as Tensor<F32Buffer>[]);
    const optimizer = buildOptimizer(c.optimizer, c.optim);
    const state = optimizer.init(arena);
    const plan = parseSchedule(c.schedule, optimizer.defaults['lr'] as number, c.epochs);
    const transform = batchTransform(c, data.task, data.classes, data.shape);
    return new Trainer(c, data, model, randomness, optimizer, arena, state, plan, transform);
  });
}
