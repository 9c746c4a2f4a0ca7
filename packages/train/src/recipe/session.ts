import { add, packParameters, type Tensor } from '@descent/autodiff';
import { Rng, type F32Buffer } from '@descent/optim-wasm';
import { decayParameters, l1Penalty, l2Penalty } from '@descent/regularize';
import { earlyStopping } from '../fit/callbacks.js';
import { FitSession } from '../fit/session.js';
import type { TargetTransform } from '../fit/transforms.js';
import type { FitOptions } from '../fit/types.js';
import { validateLoopFields, type TrainConfig } from './config.js';
import type { Prepared } from './data.js';
import { withContext } from './errors.js';
import { buildModel } from './model.js';
import { buildOptimizer } from './optimizer.js';
import { parseSchedule } from './schedule.js';
import { Trainer } from './trainer.js';
import { batchTransform } from './transforms.js';

/**
 * A training run built from its config and prepared data: the model (initialised from
 * Rng(seed).fork('init')), the optimizer, the lr plan, the penalties, the batch transform and
 * early stopping, handed to fit's `FitSession` (the one loop; see `fit` for its semantics).
 * Any problem is a DescentError 'bad-config'.
 *
 * @example const t = createTrainer(c, prepare(namedDataset(c), c.valSplit, c.testSplit, c.seed)); t.runSync();
 */
export function createTrainer(c: TrainConfig, data: Prepared): Trainer {
  validateLoopFields(c);
  return withContext('setup', () => {
    const outputs = data.task === 'classification' ? data.classes : 1;
    const model = buildModel(c, { features: data.features, outputs, shape: data.shape }, new Rng(c.seed).fork('init'));
    const arena = packParameters(model.parameters() as Tensor<F32Buffer>[]);
    const optimizer = buildOptimizer(c.optimizer, c.optim);
    const decay = decayParameters(model);
    const penalties: ((m: unknown) => Tensor)[] = [];
    if (c.l1 > 0) penalties.push(() => l1Penalty(decay, c.l1));
    if (c.l2 > 0) penalties.push(() => l2Penalty(decay, c.l2));
    const transform = batchTransform(c, data.task, data.classes, data.shape);
    const transforms: TargetTransform[] =
      c.augment || c.inputNoise > 0 || c.mixup > 0 || c.cutmix > 0
        ? [
            {
              name: 'recipe',
              apply: (b, rng) => {
                const t = transform(b.x.data, b.y, rng);
                return { x: { data: t.x, shape: b.x.shape }, y: t.soft ?? b.y };
              },
            },
          ]
        : [];
    const es = c.earlyStopping > 0 ? earlyStopping({ patience: c.earlyStopping, monitor: data.val ? 'valLoss' : 'trainLoss', restoreBestWeights: true }) : null;
    const options: FitOptions = {
      optimizer,
      optimizerState: optimizer.init(arena),
      epochs: c.epochs,
      batchSize: c.batchSize,
      seed: c.seed,
      schedule: parseSchedule(c.schedule, optimizer.defaults['lr'] as number, c.epochs, data.val ? 'valLoss' : 'trainLoss'),
      labelSmoothing: c.labelSmoothing,
      callbacks: es ? [es] : [],
      transforms,
    };
    if (data.val) options.validation = { ...data.val, features: data.features, ...(data.shape ? { shape: data.shape } : {}) };
    if (c.gradClip > 0) options.gradClip = c.gradClip;
    if (c.weightNoise > 0) options.weightNoise = { std: c.weightNoise, parameters: 'weights' };
    if (penalties.length) options.regularizers = { penalty: (m) => penalties.map((p) => p(m)).reduce((a, b) => add(a, b)) };
    const train = { ...data.train, features: data.features, ...(data.shape ? { shape: data.shape } : {}) };
    const session = new FitSession(model, train, options);
    const batchSize = c.batchSize === 'full' ? data.train.n : Math.min(c.batchSize, data.train.n);
    return new Trainer(c, session, data, model, arena, es, batchSize);
  });
}
