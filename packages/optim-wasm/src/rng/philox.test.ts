import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { mulhi32, philox4x32 } from './philox.js';

// Random123 kat_vectors, the three "philox4x32 10" lines: counter[4] key[2] -> output[4].
const KAT: [[number, number, number, number], [number, number], [number, number, number, number]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0xffffffff, 0xffffffff],
    [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  ],
  [
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    [0xa4093822, 0x299f31d0],
    [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  ],
];

/** An independent BigInt Philox4x32-10 written from the paper, for random counters and keys. */
function philoxBig(ctr: number[], key: number[]): number[] {
  const M = 0xffffffffn;
  let [c0, c1, c2, c3] = ctr.map(BigInt) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key.map(BigInt) as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [(p1 >> 32n) ^ c1 ^ k0, p1 & M, (p0 >> 32n) ^ c3 ^ k1, p0 & M];
    k0 = (k0 + 0x9e3779b9n) & M;
    k1 = (k1 + 0xbb67ae85n) & M;
  }
  return [c0, c1, c2, c3].map(Number);
}

describe('Philox4x32-10 block function', () => {
  it('mulhi32 is the exact high word of the 64-bit product', () => {
    const pairs = [
      [0, 0],
      [0xffffffff, 0xffffffff],
      [0xd2511f53, 0x243f6a88],
      [0xcd9e8d57, 0x13198a2e],
      [1, 0xffffffff],
      [0x10000, 0x10000],
    ] as const;
    for (const [a, b] of pairs) {
      expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
    }
  });

  it.each(KAT)('TS block matches the Random123 known answer for counter %j key %j', (ctr, key, want) => {
    expect([...philox4x32(ctr, key)]).toEqual(want);
  });

  it('the WASM block matches the same known answers', () => {
    const core = loadCoreSync();
    const out = core.alloc(4);
    for (const [ctr, key, want] of KAT) {
      core.exports.philox4x32Block(out.ptr, ...ctr, ...key);
      expect([...new Uint32Array(core.memory.buffer, out.ptr, 4)]).toEqual(want);
    }
    out.free();
  });

  it('TS and WASM blocks equal an independent BigInt implementation on 200 pseudo-random inputs', () => {
    const core = loadCoreSync();
    const out = core.alloc(4);
    // Inputs from a fixed LCG so the test needs no RNG of its own.
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
    for (let t = 0; t < 200; t++) {
      const ctr = [next(), next(), next(), next()] as [number, number, number, number];
      const key = [next(), next()] as [number, number];
      const want = philoxBig(ctr, key);
      expect([...philox4x32(ctr, key)]).toEqual(want);
      core.exports.philox4x32Block(out.ptr, ...ctr, ...key);
      expect([...new Uint32Array(core.memory.buffer, out.ptr, 4)]).toEqual(want);
    }
    out.free();
  });
});
