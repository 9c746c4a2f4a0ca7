import { packParameters, type Tensor } from '@descent/autodiff';
import { Rng, type F32Buffer } from '@descent/optim-wasm';
import { buildOptimizer } from '../config/optimizer.js';
import { parseSchedule } from '../config/schedule.js';
import type { TrainConfig } from '../config/train-config.js';
import type { Prepared } from '../data/prepare.js';
import { asInputError } from '../errors.js';
import { buildModel, type StepRandomness } from '../model/build.js';
import { Trainer } from './trainer.js';
import { batchTransform } from './transforms.js';

/**
 * Everything one training run needs, built from its config and prepared data: the model
 * (initialised from the seed's 'init' stream), its parameter arena, the optimizer and state,
 * the lr plan and the batch transforms. Any problem here is an input error (exit 2).
 */
export function createTrainer(c: TrainConfig, data: Prepared): Trainer {
  return asInputError('setup', () => {
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
