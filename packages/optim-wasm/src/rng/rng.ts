import { DescentError } from '../errors.js';
import type { F32Buffer } from '../core/buffer.js';
import { philoxBlockInto } from './philox.js';
import { checkSeedLike, deriveStream, MAX_SEED, splitWords, type Words64 } from './seed.js';
import { betaVariate, gammaVariate } from './distributions.js';
import { bernoulliThreshold, checkNormal, fillBernoulli, fillNormal, fillUniform, type FillTarget } from './fill.js';
import { portableCos, portableLog } from '../math/portable.js';

const TWO_32 = 4294967296;
const INV_2_24 = 5.9604644775390625e-8;
const INV_2_32 = 2.3283064365386963e-10;
const INV_2_53 = 1.1102230246251565e-16;
const TWO_PI = 6.283185307179586;

/** Plain JSON data that resumes a stream bit-identically (`Rng.fromState`). */
export interface RngState {
  algorithm: 'philox4x32-10';
  /** The user seed, an integer in [0, 2^53]; it is the Philox key. */
  seed: number;
  /** The 63-bit stream id as u32 words [lo, hi] (hi < 2^31); counter words 2 and 3. */
  stream: [number, number];
  /** Words (u32 draws) consumed so far; block = floor(counter / 4). */
  counter: number;
}

/**
 * The seeded generator of descent: Philox4x32-10 keyed by the seed, with a 63-bit stream id and
 * a 64-bit block index in the counter. Every draw consumes whole u32 *words* at position
 * `counter`, so a stream is a pure function of (seed, stream, counter): resumable from
 * `state()`, skippable with `advance()`, and the WASM bulk fills continue exactly where scalar
 * draws stopped.
 *
 * Word costs: `nextUint32`, `uniform`, `bernoulli` 1; `uniform53`, `normal` 2; `int` 1 per try
 * (2 when the range exceeds 2^32); `gamma`/`beta` a variable number (rejection sampling).
 *
 * ```ts
 * const rng = new Rng(42);
 * const init = rng.fork('init'), shuffle = rng.fork('shuffle');
 * init.fillNormal(weights, 0, 0.02);          // weights: F32Buffer, filled in WASM
 * const order = shuffle.permutation(60000);   // Int32Array
 * ```
 */
export class Rng {
  readonly seed: number;
  private readonly key: Words64;
  private readonly streamWords: Words64;
  private pos: number;
  private readonly block = new Uint32Array(4);
  private blockIndex = -1;

  /** `seed`, `stream`: integers in [0, 2^53]; seed 0 is a real seed. */
  constructor(seed: number, stream: number = 0) {
    this.seed = checkSeedLike(seed, 'Rng: seed');
    this.key = splitWords(seed);
    this.streamWords = splitWords(checkSeedLike(stream, 'Rng: stream'));
    this.pos = 0;
  }

  /** Resume a stream saved with `state()` (checkpoints): the next draws are bit-identical. */
  static fromState(state: RngState): Rng {
    if (state === null || typeof state !== 'object') {
      throw new DescentError('rng-state', `Rng.fromState: state must be an object, got ${String(state)}`);
    }
    if (state.algorithm !== 'philox4x32-10') {
      throw new DescentError('rng-state', `Rng.fromState: algorithm must be 'philox4x32-10', got ${String(state.algorithm)}`);
    }
    const s = state.stream;
    const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < TWO_32;
    if (!Array.isArray(s) || s.length !== 2 || !isU32(s[0]) || !isU32(s[1]) || s[1] >= 0x80000000) {
      throw new DescentError('rng-state', `Rng.fromState: stream must be [lo, hi] u32 words with hi < 2^31, got ${JSON.stringify(s)}`);
    }
    const rng = new Rng(state.seed);
    rng.streamWords[0] = s[0];
    rng.streamWords[1] = s[1];
    rng.pos = checkSeedLike(state.counter, 'Rng.fromState: counter');
    return rng;
  }

  /** Words consumed so far. */
  get counter(): number {
    return this.pos;
  }

  /** The stream id words [lo, hi] (a copy). */
  get stream(): [number, number] {
    return [this.streamWords[0], this.streamWords[1]];
  }

  /** Seed, stream and counter: `Rng.fromState` continues the same sequence. */
  state(): RngState {
    return { algorithm: 'philox4x32-10', seed: this.seed, stream: this.stream, counter: this.pos };
  }

  /** An independent copy at the same position. */
  clone(): Rng {
    return Rng.fromState(this.state());
  }

  /**
   * A child stream named `name` (a string or a non-negative integer), derived from (seed,
   * this stream, name) only — not from the position — so `rng.fork('init')` is the same stream
   * however many draws came before. The child starts at counter 0.
   */
  fork(name: string | number): Rng {
    const child = new Rng(this.seed);
    const [s0, s1] = deriveStream(this.key, this.streamWords, name);
    child.streamWords[0] = s0;
    child.streamWords[1] = s1;
    return child;
  }

  /** Skip `words` draws (jump ahead in O(1)). */
  advance(words: number): this {
    if (!Number.isInteger(words) || words < 0 || this.pos + words > MAX_SEED) {
      throw new DescentError('rng-counter', `Rng.advance: words must be a non-negative integer keeping the counter <= 2^53, got ${words} at counter ${this.pos}`);
    }
    this.pos += words;
    return this;
  }

  /** The next u32 word of the stream, in [0, 2^32). */
  nextUint32(): number {
    const pos = this.pos;
    if (pos >= MAX_SEED) throw new DescentError('rng-counter', `Rng: stream exhausted at counter ${pos} (2^53 words)`);
    const b = Math.floor(pos / 4);
    if (b !== this.blockIndex) {
      philoxBlockInto(this.block, b >>> 0, Math.floor(b / TWO_32) >>> 0, this.streamWords[0], this.streamWords[1], this.key[0], this.key[1]);
      this.blockIndex = b;
    }
    this.pos = pos + 1;
    return this.block[pos % 4]!;
  }

  /**
   * Uniform in [lo, hi) from 24 bits: u = (w >>> 8)·2^-24 (exact in f32, so it equals the f32
   * bulk fill), returns lo + (hi − lo)·u. One word.
   */
  uniform(lo = 0, hi = 1): number {
    const u = (this.nextUint32() >>> 8) * INV_2_24;
    return lo === 0 && hi === 1 ? u : lo + (hi - lo) * u;
  }

  /** Uniform in [0, 1) with 53 random bits: ((a >>> 5)·2^26 + (b >>> 6))·2^-53. Two words. */
  uniform53(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) * INV_2_53;
  }

  /**
   * Normal(mean, std²) by Box–Muller from two words (a, b): u1 = (a + 1)·2^-32 ∈ (0, 1],
   * u2 = b·2^-32, returns mean + std·sqrt(−2 ln u1)·cos(2π u2). The sine half is discarded
   * (bulk `fillNormal` uses both halves), so scalar draws need no hidden state.
   */
  normal(mean = 0, std = 1): number {
    checkNormal('Rng.normal', mean, std);
    const a = this.nextUint32();
    const b = this.nextUint32();
    const r = Math.sqrt(-2 * portableLog((a + 1) * INV_2_32));
    return mean + std * (r * portableCos(TWO_PI * (b * INV_2_32)));
  }

  /** A uniform integer in [lo, hiExclusive), unbiased by rejection (hi − lo ≤ 2^53). */
  int(lo: number, hiExclusive: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hiExclusive) || hiExclusive <= lo || hiExclusive - lo > MAX_SEED) {
      throw new DescentError('rng-range', `Rng.int: need safe integers lo < hiExclusive with hiExclusive - lo <= 2^53, got lo=${lo}, hiExclusive=${hiExclusive}`);
    }
    const range = hiExclusive - lo;
    if (range <= TWO_32) {
      const limit = TWO_32 - (TWO_32 % range);
      for (;;) {
        const w = this.nextUint32();
        if (w < limit) return lo + (w % range);
      }
    }
    const limit = MAX_SEED - (MAX_SEED % range);
    for (;;) {
      const w0 = this.nextUint32();
      const x = (this.nextUint32() & 0x1fffff) * TWO_32 + w0;
      if (x < limit) return lo + (x % range);
    }
  }

  /** True with probability p exactly (to 2^-24): (w >>> 8) < ceil(p·2^24). One word. */
  bernoulli(p: number): boolean {
    return (this.nextUint32() >>> 8) < bernoulliThreshold(p, 'Rng.bernoulli: p');
  }

  /** A uniformly random permutation of 0..n−1 (Fisher–Yates, i from n−1 down to 1). */
  permutation(n: number): Int32Array {
    checkCount(n, 'Rng.permutation: n');
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** Shuffle in place (Fisher–Yates: for i = n−1…1 swap a[i], a[int(0, i+1)]); returns `a`. */
  shuffle<A extends { length: number; [i: number]: unknown }>(a: A): A {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** One element of `items`, uniformly. */
  choice<T>(items: ArrayLike<T>): T {
    if (!items || items.length === 0) throw new DescentError('rng-range', 'Rng.choice: items must be non-empty, got length 0');
    return items[this.int(0, items.length)]!;
  }

  /** k indices drawn uniformly from 0..n−1 with replacement (bootstrap). */
  sampleWithReplacement(n: number, k: number): Int32Array {
    checkCount(n, 'Rng.sampleWithReplacement: n');
    checkCount(k, 'Rng.sampleWithReplacement: k');
    if (n === 0 && k > 0) throw new DescentError('rng-range', `Rng.sampleWithReplacement: cannot draw k=${k} from n=0`);
    const out = new Int32Array(k);
    for (let i = 0; i < k; i++) out[i] = this.int(0, n);
    return out;
  }

  /** k distinct indices from 0..n−1 (partial Fisher–Yates: the first k of a random permutation). */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    checkCount(n, 'Rng.sampleWithoutReplacement: n');
    checkCount(k, 'Rng.sampleWithoutReplacement: k');
    if (k > n) throw new DescentError('rng-range', `Rng.sampleWithoutReplacement: k=${k} exceeds n=${n}`);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    for (let i = 0; i < k; i++) {
      const j = this.int(i, n);
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    return idx.slice(0, k);
  }

  /** Gamma(shape, scale): density x^(shape−1) e^(−x/scale) / (Γ(shape) scale^shape) (Marsaglia–Tsang). */
  gamma(shape: number, scale = 1): number {
    return gammaVariate(this, shape, scale);
  }

  /** Beta(a, b) = X/(X+Y), X ~ Gamma(a), Y ~ Gamma(b), computed in log space (no 0/0 for tiny a, b). */
  beta(a: number, b: number): number {
    return betaVariate(this, a, b);
  }

  /** Fill with uniform values in [lo, hi) (see `uniform`); F32Buffer in WASM, typed arrays in TS. */
  fillUniform<T extends FillTarget>(buf: T, lo = 0, hi = 1): T {
    return fillUniform(this, buf, lo, hi);
  }

  /** Fill with Normal(mean, std²) values, both Box–Muller halves per word pair. */
  fillNormal<T extends FillTarget>(buf: T, mean = 0, std = 1): T {
    return fillNormal(this, buf, mean, std);
  }

  /** Inverted-dropout mask: `scale` with probability pKeep (as `bernoulli`), else 0. */
  fillBernoulli<T extends FillTarget>(buf: T, pKeep: number, scale = 1): T {
    return fillBernoulli(this, buf, pKeep, scale);
  }
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
    throw new DescentError('rng-range', `${what} must be an integer in [0, 2^31), got ${n}`);
  }
}
