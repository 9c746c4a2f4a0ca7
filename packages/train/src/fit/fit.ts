import { DescentError, Rng } from '@descent/optim-wasm';
import { batches, numBatches } from '../data/loader.js';
import { modelArena } from './arena.js';
import { progress } from './callbacks.js';
import { evaluate } from './evaluate.js';
import { ParamGuard } from './guard.js';
import { resolveLoss } from './loss.js';
import { RunningMean } from './metrics.js';
import { checkFitData, type FitData, type Model } from './model.js';
import { trainStep, WeightNoiser, type StepEnv } from './step.js';
import { TransformPipeline } from './transforms.js';
import type { Callback, CallbackLike, EpochRecord, FitContext, FitOptions, FitResult, StopReason } from './types.js';

/**
 * Train `model` on `data` with mini-batch gradient descent. Each epoch visits the rows in an
 * order drawn from (seed, epoch) only; each step, inside one memory scope:
 *   (x, y) ← transforms(x_B, y_B)   (augmentation, Mixup/CutMix soft targets; train only),
 *   θ̃ = θ + weight noise (if set; removed bit-exactly before the update),
 *   g = ∇_θ̃ [ ℓ(model(x), y) + penalty(model) ],  (optionally clipped),
 *   θ, state ← optimizer.step(θ, g, state, lr_t)      — ONE fused kernel call,
 * with lr_t = schedule(t) when given (t = steps taken), else the base lr (callbacks may change it);
 * ℓ is the cross-entropy (label smoothing ε, or soft targets), the MSE or a custom loss.
 * After each epoch the validation set (if any) is evaluated in eval mode, a history record is
 * appended and callbacks run. A non-finite loss or gradient stops training before the update;
 * with `guardParameters` (default) an update that makes θ non-finite is undone from a copy, so
 * parameters and optimizer state are always those of the last good step (`stopReason`, `error`).
 * Every random draw (order, transforms, weight noise) depends only on (seed, epoch, batch):
 * same seed, model initialisation and options give a bit-identical history.
 *
 * @example
 * const result = fit(model, train, { optimizer: adam({ lr: 1e-3 }), epochs: 20, batchSize: 32, seed: 0, validation: val });
 */
export function fit(model: Model, data: FitData, options: FitOptions): FitResult {
  checkFitData('fit', 'data', data);
  if (options.validation) checkFitData('fit', 'validation', options.validation);
  const o = checkOptions(options);
  const arena = modelArena(model);
  const params = model.parameters();
  const opt = options.optimizer;
  const state = options.optimizerState ?? opt.init(arena);
  const classes = data.y instanceof Int32Array;
  const labelSmoothing = options.labelSmoothing ?? 0;
  const { fn: lossFn } = resolveLoss(options.loss, classes, labelSmoothing);
  const callbacks = (options.callbacks ?? []).map(asCallback);
  if (options.onBatchEnd || options.onEpochEnd) callbacks.push(progress({ onBatch: options.onBatchEnd, onEpoch: options.onEpochEnd }));
  const history: EpochRecord[] = [...(options.history ?? [])];
  const shuffleRng = o.shuffle ? new Rng(o.seed!).fork('fit/shuffle') : undefined;
  const env: StepEnv = { model, data, arena, optimizer: opt, state, lossFn, penalty: options.regularizers?.penalty, gradClip: o.gradClip, labelSmoothing };
  if (options.transforms && options.transforms.length > 0) {
    const pipeline = new TransformPipeline(options.transforms, seedFor('transforms', o.seed));
    env.transforms = pipeline;
    if (classes) env.numClasses = options.numClasses ?? classCount(data, options.validation);
    if (pipeline.evenBatches) checkEvenBatches(data.n, o.batchSize, o.dropLast);
  }
  if (options.weightNoise) env.noise = new WeightNoiser(model, options.weightNoise, seedFor('weightNoise', o.seed));

  let lr = Number(opt.defaults['lr']);
  let epoch = o.initialEpoch;
  let stopRequest: string | undefined;
  let stop: { reason: StopReason; message?: string; error?: DescentError } | undefined;
  const ctx: FitContext = {
    model,
    arena,
    optimizer: opt,
    optimizerState: state,
    get epoch() {
      return epoch;
    },
    epochs: o.epochs,
    batchesPerEpoch: numBatches(data.n, { batchSize: o.batchSize, dropLast: o.dropLast }),
    get step() {
      return state.step;
    },
    get lr() {
      return lr;
    },
    history,
    stop(reason: string) {
      stopRequest = reason || 'stopped by a callback';
    },
    setLr(value: number) {
      if (!(value >= 0) || !Number.isFinite(value)) throw new DescentError('bad-arg', `fit: setLr needs a finite lr >= 0, got ${value}`);
      lr = value;
    },
  };

  model.train?.();
  if (options.guardParameters ?? true) env.guard = new ParamGuard(arena, state);
  try {
    callbacks.forEach((c) => c.onTrainBegin?.(ctx));
    for (; epoch < o.epochs && !stop && stopRequest === undefined; epoch++) {
      callbacks.forEach((c) => c.onEpochBegin?.(ctx));
      const lossMean = new RunningMean();
      let hits = 0;
      let stepLr = lr;
      let batch = 0;
      for (const idx of batches(data.n, { batchSize: o.batchSize, dropLast: o.dropLast, shuffle: o.shuffle, rng: shuffleRng, epoch })) {
        stepLr = options.schedule ? checkLr(options.schedule(state.step), state.step) : lr;
        const outcome = trainStep(env, idx, epoch, batch, stepLr);
        for (const p of params) p.markModified();
        if (outcome.bad) {
          stop = nonFinite(outcome.bad, outcome.value, epoch, batch, state.step, stepLr, outcome.restored === true);
          break;
        }
        lossMean.add(outcome.value, idx.length);
        hits += outcome.hits;
        callbacks.forEach((c) => c.onBatchEnd?.(ctx, { batch, size: idx.length, loss: outcome.value, lr: stepLr }));
        batch++;
        if (stopRequest !== undefined) break;
      }
      if (stop) break;
      const record: EpochRecord = { epoch, trainLoss: lossMean.mean(), lr: stepLr, steps: state.step };
      if (classes) record.trainAccuracy = hits / lossMean.n;
      if (options.validation) addValidation(record, model, options.validation, options, o.evalBatchSize);
      history.push(record);
      callbacks.forEach((c) => c.onEpochEnd?.(ctx, record));
    }
  } finally {
    env.guard?.free();
  }
  model.train?.();
  const result: FitResult = {
    history,
    stopReason: stop?.reason ?? (stopRequest !== undefined ? 'callback' : 'completed'),
    epochs: history.length > 0 ? history[history.length - 1]!.epoch + 1 : o.initialEpoch,
    steps: state.step,
    optimizerState: state,
    arena,
  };
  const message = stop?.message ?? stopRequest;
  if (message !== undefined) result.stopMessage = message;
  if (stop?.error) result.error = stop.error;
  callbacks.forEach((c) => c.onTrainEnd?.(ctx, result));
  return result;
}

function nonFinite(reason: StopReason, value: number, epoch: number, batch: number, steps: number, lr: number, restored: boolean) {
  const what =
    reason === 'non-finite-loss'
      ? `the loss is ${value}`
      : reason === 'non-finite-gradient'
        ? `the loss is ${value} but a gradient is inf/NaN`
        : `the optimizer step produced inf/NaN parameters (the update overflowed)${restored ? ' and was undone' : ''}`;
  const kept =
    reason === 'non-finite-parameters' && !restored
      ? 'the parameters are NOT a good state (guardParameters is off)'
      : `parameters and optimizer state are kept from step ${steps}`;
  const message = `fit: training stopped at epoch ${epoch}, batch ${batch} (after ${steps} steps, lr ${lr}): ${what}; ${kept}. Lower the learning rate, clip gradients (gradClip) or check the data.`;
  return { reason, message, error: new DescentError('non-finite', message) };
}

/** The seed of a random feature: fit's seed, required even without shuffling. */
function seedFor(what: string, seed: number | undefined): number {
  if (seed === undefined || !Number.isInteger(seed) || seed < 0) {
    throw new DescentError('bad-arg', `fit: ${what} draw random numbers, so seed must be a non-negative integer (got ${String(seed)})`);
  }
  return seed;
}

/** Classes for the mix transforms: the dataset's `classes`, else 1 + the largest label seen. */
function classCount(data: FitData, validation?: FitData): number {
  const declared = (data as FitData & { classes?: number }).classes;
  if (declared !== undefined) return declared;
  let max = 0;
  for (const d of [data, validation]) if (d && d.y instanceof Int32Array) for (const v of d.y) max = Math.max(max, v);
  return max + 1;
}

/** Mixup/CutMix pair each row with the reversed batch: every batch must have an even size. */
function checkEvenBatches(n: number, batchSize: number | 'full', dropLast: boolean): void {
  const b = batchSize === 'full' ? n : Math.min(batchSize, n);
  const tail = dropLast ? 0 : n % b;
  if (b % 2 !== 0 || tail % 2 !== 0) {
    throw new DescentError(
      'bad-arg',
      `fit: a Mixup/CutMix transform needs even batches (reversed-batch pairing); batchSize ${String(batchSize)} with n = ${n}${dropLast ? ', dropLast' : ''} gives batches of ${b}${tail ? ` and a last one of ${tail} (set dropLast: true)` : ''}`,
    );
  }
}

function addValidation(record: EpochRecord, model: Model, val: FitData, options: FitOptions, batchSize: number | undefined): void {
  const e = evaluate(model, val, { loss: options.loss, batchSize, confusion: false });
  record.valLoss = e.loss;
  if (e.accuracy !== undefined) record.valAccuracy = e.accuracy;
  if (e.mse !== undefined) record.valMse = e.mse;
}

function checkLr(lr: number, step: number): number {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new DescentError('bad-arg', `fit: schedule(${step}) returned ${String(lr)}, expected a finite lr >= 0`);
  }
  return lr;
}

function asCallback(c: CallbackLike, i: number): Callback {
  if (typeof c === 'function') return { onEpochEnd: c };
  if (c === null || typeof c !== 'object') throw new DescentError('bad-arg', `fit: callbacks[${i}] must be a function or an object with on* hooks`);
  return c;
}

function checkOptions(options: FitOptions) {
  const op = 'fit';
  if (!options || typeof options.optimizer?.step !== 'function' || typeof options.optimizer.init !== 'function') {
    throw new DescentError('bad-arg', `${op}: options.optimizer must be an optimizer (e.g. adam({ lr: 1e-3 }))`);
  }
  const epochs = options.epochs;
  if (!Number.isInteger(epochs) || epochs < 0) throw new DescentError('bad-arg', `${op}: epochs must be an integer >= 0, got ${String(epochs)}`);
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new DescentError('bad-arg', `${op}: initialEpoch must be an integer >= 0, got ${String(initialEpoch)}`);
  const b = options.batchSize;
  if (b !== 'full' && (!Number.isInteger(b) || b < 1)) throw new DescentError('bad-arg', `${op}: batchSize must be an integer >= 1 or 'full', got ${String(b)}`);
  const shuffle = options.shuffle ?? true;
  const seed = options.seed;
  if (shuffle && (seed === undefined || !Number.isInteger(seed) || seed < 0)) {
    throw new DescentError('bad-arg', `${op}: seed must be a non-negative integer when shuffling (got ${String(seed)}); descent has no ambient randomness`);
  }
  return { epochs, initialEpoch, batchSize: b, dropLast: options.dropLast ?? false, shuffle, seed, gradClip: options.gradClip, evalBatchSize: options.evalBatchSize };
}

