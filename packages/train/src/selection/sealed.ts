import { DescentError } from '@descent/optim-wasm';
import { holdoutSplit, type HoldoutOptions } from './holdout.js';

/**
 * A test split that can be looked at exactly once. Model selection runs on train/val; the
 * final score comes from one `evaluateOnce(fn)`. The seal breaks when fn is called (before it
 * runs), so a throwing or repeated evaluation cannot peek twice.
 */
export class SealedSplit {
  readonly #indices: Int32Array;
  #opened = false;
  readonly name: string;

  constructor(testIndices: ArrayLike<number>, name = 'test') {
    this.#indices = Int32Array.from(testIndices);
    this.name = name;
  }

  /** Number of sealed rows (knowing the size does not open the seal). */
  get size(): number {
    return this.#indices.length;
  }

  /** Whether the one evaluation has happened. */
  get opened(): boolean {
    return this.#opened;
  }

  /** Run fn(testIndices) the first time; every later call throws a DescentError. */
  evaluateOnce<T>(fn: (testIndices: Int32Array) => T): T {
    if (this.#opened) {
      throw new DescentError(
        'sealed-test-reused',
        `SealedSplit '${this.name}': the test split was already evaluated once; a second look would leak test data into model selection`,
      );
    }
    this.#opened = true;
    return fn(this.#indices.slice());
  }
}

/** holdoutSplit with the test part sealed: `{ train, val, test: SealedSplit }`. */
export function sealedHoldoutSplit(n: number, options: HoldoutOptions): { train: Int32Array; val: Int32Array; test: SealedSplit } {
  const { train, val, test } = holdoutSplit(n, options);
  return { train, val, test: new SealedSplit(test) };
}
