import { clipGradNorm, clipGradValue, DescentError, Rng, type ParamArena } from '@descent/optim-wasm';
import { add, tensor, tidy } from '@descent/autodiff';
import { batches, takeLabels, takeRows } from '../data/loader.js';
import { modelArena } from './arena.js';
import { evaluate } from './evaluate.js';
import { resolveLoss } from './loss.js';
import { argmaxRows, RunningMean } from './metrics.js';
import { checkFitData, type FitData, type Model } from './model.js';
import type { Callback, CallbackLike, EpochRecord, FitContext, FitOptions, FitResult, GradClip, StopReason } from './types.js';

/**
 * Train `model` on `data` with mini-batch gradient descent. Each epoch visits the rows in an
 * order drawn from (seed, epoch) only; each step, inside one memory scope:
 *   g = ∇_θ [ ℓ(model(x_B), y_B) + penalty(model) ],  (optionally clipped),
 *   θ, state ← optimizer.step(θ, g, state, lr_t)      — ONE fused kernel call,
 * with lr_t = schedule(t) when given (t = steps taken), else the base lr (callbacks may change it).
 * After each epoch the validation set (if any) is evaluated in eval mode, a history record is
 * appended and callbacks run. A non-finite loss or gradient stops training before the update,
 * so parameters and optimizer state stay those of the last good step (`stopReason`, `error`).
 * Same seed, model initialisation and options give a bit-identical history.
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
  const { fn: lossFn } = resolveLoss(options.loss, classes);
  const callbacks = (options.callbacks ?? []).map(asCallback);
  const history: EpochRecord[] = [...(options.history ?? [])];
  const shuffleRng = o.shuffle ? new Rng(o.seed!).fork('fit/shuffle') : undefined;
  const yWidth = data.y.length / data.n;
  const penalty = options.regularizers?.penalty;

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
  callbacks.forEach((c) => c.onTrainBegin?.(ctx));
  for (; epoch < o.epochs && !stop && stopRequest === undefined; epoch++) {
    callbacks.forEach((c) => c.onEpochBegin?.(ctx));
    const lossMean = new RunningMean();
    let hits = 0;
    let stepLr = lr;
    let batch = 0;
    for (const idx of batches(data.n, { batchSize: o.batchSize, dropLast: o.dropLast, shuffle: o.shuffle, rng: shuffleRng, epoch })) {
      stepLr = options.schedule ? checkLr(options.schedule(state.step), state.step) : lr;
      const outcome = tidy(() => {
        arena.zeroGrad();
        const xb = tensor(takeRows(data.x, data.features, idx), { shape: [idx.length, data.features] });
        const yb = yWidth === 1 ? takeLabels(data.y, idx) : (takeRows(data.y as Float32Array, yWidth, idx) as Float32Array);
        const out = model.forward(xb);
        let loss = lossFn(out, yb);
        if (penalty) loss = add(loss, penalty(model));
        const value = loss.item();
        if (!Number.isFinite(value)) return { value, hits: 0, bad: 'non-finite-loss' as const };
        loss.backward();
        const h = classes ? countHits(out.data(), yb as Int32Array) : 0;
        if (o.gradClip) applyClip(arena, o.gradClip);
        const info = opt.step(arena, state, { lr: stepLr, skipNonFinite: true });
        if (info.skipped) return { value, hits: h, bad: 'non-finite-gradient' as const, info: info.nonFinite };
        if (arena.core.exports.countNonFinite(arena.values.ptr, arena.length) > 0) return { value, hits: h, bad: 'non-finite-parameters' as const };
        return { value, hits: h, bad: undefined };
      });
      if (outcome.bad) {
        stop = nonFinite(outcome.bad, outcome.value, epoch, batch, state.step, stepLr);
        break;
      }
      for (const p of params) p.markModified();
      lossMean.add(outcome.value, idx.length);
      hits += outcome.hits;
      callbacks.forEach((c) => c.onBatchEnd?.(ctx, { batch, size: idx.length, loss: outcome.value }));
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

function nonFinite(reason: StopReason, value: number, epoch: number, batch: number, steps: number, lr: number) {
  const what =
    reason === 'non-finite-loss'
      ? `the loss is ${value}`
      : reason === 'non-finite-gradient'
        ? `the loss is ${value} but a gradient is inf/NaN`
        : 'the optimizer step produced inf/NaN parameters (the update overflowed)';
  const kept = reason === 'non-finite-parameters' ? 'the parameters are NOT a good state' : `parameters and optimizer state are kept from step ${steps}`;
  const message = `fit: training stopped at epoch ${epoch}, batch ${batch} (after ${steps} steps, lr ${lr}): ${what}; ${kept}. Lower the learning rate, clip gradients (gradClip) or check the data.`;
  return { reason, message, error: new DescentError('non-finite', message) };
}

function countHits(out: ArrayLike<number>, y: Int32Array): number {
  const pred = argmaxRows(out, out.length / y.length);
  let h = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) h++;
  return h;
}

function addValidation(record: EpochRecord, model: Model, val: FitData, options: FitOptions, batchSize: number | undefined): void {
  const e = evaluate(model, val, { loss: options.loss, batchSize, confusion: false });
  record.valLoss = e.loss;
  if (e.accuracy !== undefined) record.valAccuracy = e.accuracy;
  if (e.mse !== undefined) record.valMse = e.mse;
}

function applyClip(arena: ParamArena, clip: GradClip): void {
  if (typeof clip === 'number') clipGradNorm(arena, clip);
  else if ('value' in clip) clipGradValue(arena, clip.value);
  else clipGradNorm(arena, clip.maxNorm, clip.normType ?? 2);
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

export type { FitData, Model };
