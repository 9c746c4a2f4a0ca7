import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import { Rng, type RngState } from './rng.js';

const take = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('Rng snapshots (pinned streams: a change here breaks every seeded run)', () => {
  it('seed 0, stream 0 starts with Philox blocks 0 and 1 under key 0 (block 0 is the Random123 KAT)', () => {
    const r = new Rng(0);
    expect(take(8, () => r.nextUint32())).toEqual([
      0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8, 0xf8e4cca4, 0x5cb200db, 0xb1a574eb, 0x097eff67,
    ]);
  });

  it('seed 42 uniforms, stream 1 words, forks', () => {
    const r = new Rng(42);
    expect(take(5, () => r.uniform())).toEqual([
      0.6129598617553711, 0.4685865044593811, 0.07323169708251953, 0.3408614993095398, 0.9877186417579651,
    ]);
    const s1 = new Rng(42, 1);
    expect(take(4, () => s1.nextUint32())).toEqual([43202409, 542238995, 996716600, 3056353436]);
    const init = new Rng(42).fork('init');
    expect(init.stream).toEqual([2284435717, 1072788771]);
    expect(take(4, () => init.nextUint32())).toEqual([3232977957, 1098309395, 898647333, 682298506]);
    expect(new Rng(42).fork(0).stream).toEqual([3701187245, 1862997958]);
  });

  it('seed 7 normals, seed 1 permutation, seed 11 ints, seed 13 uniform53, seed 21 bernoulli, seed 9 gamma/beta', () => {
    const n = new Rng(7);
    expect(take(4, () => n.normal())).toEqual([
      0.0002915674171952905, 1.7887573496909983, 0.37640351063748345, 1.8115038985634253,
    ]);
    expect([...new Rng(1).permutation(10)]).toEqual([1, 7, 9, 8, 4, 6, 5, 0, 3, 2]);
    const i = new Rng(11);
    expect(take(6, () => i.int(0, 10))).toEqual([2, 4, 6, 1, 4, 9]);
    expect(i.int(-5, 2 ** 40)).toBe(266799917385);
    const u = new Rng(13);
    expect([u.uniform53(), u.uniform53()]).toEqual([0.45243174836510247, 0.844134643208142]);
    const b = new Rng(21);
    expect(take(10, () => (b.bernoulli(0.5) ? 1 : 0)).join('')).toBe('1101001110');
    const g = new Rng(9);
    expect([g.gamma(2.5), g.gamma(0.3), g.beta(0.4, 0.4)]).toEqual([
      1.4278792729470324, 0.07156996479335771, 0.28368117275035903,
    ]);
  });
});

describe('Rng state, fork, advance', () => {
  it('resumes bit-identically from JSON state, mid-block and on a forked stream', () => {
    for (const make of [() => new Rng(5), () => new Rng(5, 3).fork('dropout').fork(17)]) {
      const a = make();
      a.normal();
      a.nextUint32(); // counter 3: mid-block
      const saved = JSON.parse(JSON.stringify(a.state())) as RngState;
      expect(saved.counter).toBe(3);
      const b = Rng.fromState(saved);
      const draw = (r: Rng) => [r.uniform(), r.normal(2, 3), r.int(0, 1000), r.uniform53(), r.gamma(0.7), r.beta(2, 3)];
      for (let k = 0; k < 5; k++) expect(draw(b)).toEqual(draw(a));
      expect(b.state()).toEqual(a.state());
    }
  });

  it('fork is a pure function of (seed, stream, name), not of the position', () => {
    const a = new Rng(3);
    const f1 = a.fork('init');
    a.normal();
    a.permutation(10);
    const f2 = a.fork('init');
    expect(f2.stream).toEqual(f1.stream);
    expect(f2.counter).toBe(0);
    expect(take(8, () => f2.nextUint32())).toEqual(take(8, () => f1.nextUint32()));
  });

  it('distinct names, parents, seeds and name types give distinct streams', () => {
    const root = new Rng(3);
    const ids = [
      root.fork('init'),
      root.fork('shuffle'),
      root.fork('dropout'),
      root.fork(1),
      root.fork('1'),
      root.fork('init').fork('init'),
      new Rng(3, 1).fork('init'),
      new Rng(4).fork('init'),
      root,
    ].map((r) => `${r.seed}:${r.stream.join(',')}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < 200; i++) expect(root.fork(`layer${i}`).stream[1]).toBeLessThan(2 ** 31);
  });

  it('advance(k) equals drawing k words', () => {
    const a = new Rng(8);
    const b = new Rng(8);
    take(13, () => a.nextUint32());
    b.advance(13);
    expect(b.counter).toBe(13);
    expect(take(10, () => b.nextUint32())).toEqual(take(10, () => a.nextUint32()));
  });

  it('documented word costs', () => {
    const r = new Rng(1);
    const cost = (f: () => unknown) => {
      const c = r.counter;
      f();
      return r.counter - c;
    };
    expect(cost(() => r.uniform())).toBe(1);
    expect(cost(() => r.bernoulli(0.3))).toBe(1);
    expect(cost(() => r.uniform53())).toBe(2);
    expect(cost(() => r.normal())).toBe(2);
    expect(cost(() => r.int(0, 2))).toBe(1); // 2 divides 2^32: never rejects
  });

  it('seed 0 is a real seed; seeds and streams up to 2^53 work', () => {
    expect(new Rng(0).nextUint32()).not.toBe(new Rng(1).nextUint32());
    const big = new Rng(2 ** 53, 2 ** 53);
    expect(big.state()).toMatchObject({ seed: 2 ** 53, stream: [0, 2 ** 21] });
    expect(take(4, () => big.nextUint32())).toEqual([1552989532, 2430740376, 960669710, 1476511089]);
  });
});

describe('Rng validation', () => {
  const expectError = (f: () => unknown, pattern: RegExp) => {
    try {
      f();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DescentError);
      expect((e as Error).message).toMatch(pattern);
    }
  };

  it('rejects bad seeds and streams naming the value', () => {
    expectError(() => new Rng(Number.NaN), /seed .*got NaN/);
    expectError(() => new Rng(-1), /seed .*got -1/);
    expectError(() => new Rng(1.5), /seed .*got 1.5/);
    expectError(() => new Rng(2 ** 53 + 2), /seed .*got 9007199254740994/);
    expectError(() => new Rng('3' as unknown as number), /seed .*got "3"/);
    expectError(() => new Rng(1, -2), /stream .*got -2/);
    expectError(() => new Rng(1).fork(-1), /numeric name .*got -1/);
  });

  it('rejects malformed state', () => {
    const good = new Rng(1).state();
    expectError(() => Rng.fromState({ ...good, stream: [0, 2 ** 31] }), /stream must be/);
    expectError(() => Rng.fromState({ ...good, counter: -1 }), /counter .*got -1/);
    expectError(() => Rng.fromState({ ...good, algorithm: 'mt19937' as 'philox4x32-10' }), /algorithm/);
    expectError(() => Rng.fromState(null as unknown as RngState), /must be an object/);
  });

  it('rejects bad draw arguments naming the field', () => {
    const r = new Rng(1);
    expectError(() => r.int(3, 3), /Rng.int: .*lo=3, hiExclusive=3/);
    expectError(() => r.int(0, 2 ** 60), /Rng.int/);
    expectError(() => r.bernoulli(1.5), /Rng.bernoulli: p must be in \[0, 1\], got 1.5/);
    expectError(() => r.bernoulli(Number.NaN), /got NaN/);
    expectError(() => r.permutation(-1), /Rng.permutation: n/);
    expectError(() => r.sampleWithReplacement(0, 3), /k=3 from n=0/);
    expectError(() => r.sampleWithoutReplacement(3, 4), /k=4 exceeds n=3/);
    expectError(() => r.choice([]), /non-empty/);
    expectError(() => r.gamma(0), /Rng.gamma: shape .*got 0/);
    expectError(() => r.gamma(1, -1), /Rng.gamma: scale .*got -1/);
    expectError(() => r.beta(1, Number.POSITIVE_INFINITY), /Rng.beta: b/);
    expectError(() => r.advance(-1), /Rng.advance/);
  });
});
