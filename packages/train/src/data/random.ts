import { DescentError, Rng } from '@descent/optim-wasm';

/**
 * The part of optim-wasm's `Rng` this package draws from. Every stochastic function in train
 * takes one of these (or a seed, turned into `new Rng(seed)`): there is no ambient randomness.
 */
export interface RandomSource {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (mean 0, std 1). */
  normal(): number;
  /** Uniform integer in [lo, hiExclusive). */
  int(lo: number, hiExclusive: number): number;
  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array;
  /** k draws from 0..n-1 with replacement. */
  sampleWithReplacement(n: number, k: number): Int32Array;
  /** An independent child stream named `name`. */
  fork(name: string | number): RandomSource;
}

/** A generator, or a seed (non-negative integer) for `new Rng(seed)`. */
export type RngOrSeed = RandomSource | number;

/**
 * Resolve an `rng` option: a number becomes `new Rng(seed)`, a generator is used as is.
 * `op` and `field` name the caller in the error when the option is missing.
 */
export function resolveRng(rng: RngOrSeed | undefined, op: string, field = 'rng'): RandomSource {
  if (rng === undefined || rng === null) {
    throw new DescentError('rng-required', `${op}: '${field}' is required (an Rng or an integer seed); descent has no ambient randomness`);
  }
  if (typeof rng === 'number') return new Rng(rng);
  if (typeof rng.uniform !== 'function' || typeof rng.permutation !== 'function') {
    throw new DescentError('bad-rng', `${op}: '${field}' must be an Rng (from @descent/optim-wasm) or an integer seed`);
  }
  return rng;
}
