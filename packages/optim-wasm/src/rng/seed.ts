import { DescentError } from '../errors.js';
import { philoxBlockInto } from './philox.js';

const TWO_32 = 4294967296;
/** Largest accepted seed, stream number or counter: 2^53 (every integer up to it is exact in f64). */
export const MAX_SEED = 9007199254740992;

/** A 64-bit value as two u32 words `[lo, hi]`. */
export type Words64 = [number, number];

/** Throws unless `value` is an integer in [0, 2^53]; the message names `what` and the value. */
export function checkSeedLike(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw new DescentError(
      'rng-seed',
      `${what} must be an integer in [0, 2^53], got ${typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value)}`,
    );
  }
  return value;
}

export function splitWords(value: number): Words64 {
  return [value >>> 0, Math.floor(value / TWO_32) >>> 0];
}

/** fmix32 of MurmurHash3: a bijective avalanche on u32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 64-bit name for a fork: an integer n maps to its own words (injective, hi < 2^22), a string
 * to two independent 32-bit Murmur-style hashes of its UTF-16 code units with the top bit set,
 * so numeric and string names never collide.
 */
export function forkNameWords(name: string | number): Words64 {
  if (typeof name === 'number') return splitWords(checkSeedLike(name, 'Rng.fork: a numeric name'));
  if (typeof name !== 'string') {
    throw new DescentError('rng-fork', `Rng.fork: name must be a string or a non-negative integer, got ${String(name)}`);
  }
  let h0 = 0x3c6ef372 ^ name.length;
  let h1 = 0xa54ff53a ^ Math.imul(name.length, 0x9e3779b1);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    h0 = Math.imul(h0 ^ c, 0x01000193);
    h0 = (h0 << 13) | (h0 >>> 19);
    h1 = Math.imul(h1 + c, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
  }
  return [fmix32(h0), (fmix32(h1 ^ h0) | 0x80000000) >>> 0];
}

/**
 * The stream id of the child `fork(name)` of stream `stream` under `key`: the first two words of
 * the Philox block at counter [name.lo, name.hi, stream.lo, stream.hi | 2^31]. Output blocks
 * always have the top bit of counter word 3 clear (stream ids are < 2^63), so derivation blocks
 * are disjoint from every output block of the same key, and Philox's bijectivity makes child ids
 * look independent of the parent's outputs.
 */
export function deriveStream(key: Words64, stream: Words64, name: string | number): Words64 {
  const [n0, n1] = forkNameWords(name);
  const out = philoxBlockInto(new Uint32Array(4), n0, n1, stream[0], (stream[1] | 0x80000000) >>> 0, key[0], key[1]);
  return [out[0]!, out[1]! & 0x7fffffff];
}
