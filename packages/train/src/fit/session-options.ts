// fit's options, checked once when a session starts: every error names the option at fault.
import { DescentError } from '@descent/optim-wasm';
import type { FitData } from './model.js';
import type { Callback, CallbackLike, FitOptions } from './types.js';

/** The checked options a session reads on every step. */
export type CheckedOptions = ReturnType<typeof checkOptions>;

export function checkOptions(options: FitOptions) {
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

/** Rows per batch: the whole set for 'full', never more than n. */
export function batchRows(o: Pick<CheckedOptions, 'batchSize'>, n: number): number {
  return o.batchSize === 'full' ? n : Math.min(o.batchSize, n);
}

/** The seed of a random feature: fit's seed, required even without shuffling. */
export function seedFor(what: string, seed: number | undefined): number {
  if (seed === undefined || !Number.isInteger(seed) || seed < 0) {
    throw new DescentError('bad-arg', `fit: ${what} draw random numbers, so seed must be a non-negative integer (got ${String(seed)})`);
  }
  return seed;
}

/** Classes for the mix transforms: the dataset's `classes`, else 1 + the largest label seen. */
export function classCount(data: FitData, validation?: FitData): number {
  const declared = (data as FitData & { classes?: number }).classes;
  if (declared !== undefined) return declared;
  let max = 0;
  for (const d of [data, validation]) if (d && d.y instanceof Int32Array) for (const v of d.y) max = Math.max(max, v);
  return max + 1;
}

/** Mixup/CutMix pair each row with the reversed batch: every batch must have an even size. */
export function checkEvenBatches(n: number, batchSize: number | 'full', dropLast: boolean): void {
  const b = batchSize === 'full' ? n : Math.min(batchSize, n);
  const tail = dropLast ? 0 : n % b;
  if (b % 2 !== 0 || tail % 2 !== 0) {
    throw new DescentError(
      'bad-arg',
      `fit: a Mixup/CutMix transform needs even batches (reversed-batch pairing); batchSize ${String(batchSize)} with n = ${n}${dropLast ? ', dropLast' : ''} gives batches of ${b}${tail ? ` and a last one of ${tail} (set dropLast: true)` : ''}`,
    );
  }
}

export function asCallback(c: CallbackLike, i: number): Callback {
  if (typeof c === 'function') return { onEpochEnd: c };
  if (c === null || typeof c !== 'object') throw new DescentError('bad-arg', `fit: callbacks[${i}] must be a function or an object with on* hooks`);
  return c;
}
