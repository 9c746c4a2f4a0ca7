import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import { loadCoreSync, relaxedSimdSupported } from '../core/loader.js';
import { Rng } from './rng.js';

const core = loadCoreSync();
const LENGTHS = [0, 1, 3, 4, 15, 16, 17, 31, 64, 100];
const COUNTERS = [0, 1, 2, 3, 4, 5, 17];

/** A stream at `counter`; seed 2^53 − 1 and a fork put u32 words ≥ 2^31 through the WASM boundary. */
function at(counter: number, big = false): Rng {
  const r = big ? new Rng(2 ** 53 - 1, 2 ** 40 + 3).fork('dropout') : new Rng(77);
  return r.advance(counter);
}

function wasmFill(n: number, fill: (buf: ReturnType<typeof core.alloc>) => void): Float32Array {
  return core.tidy(() => {
    const buf = core.alloc(n);
    fill(buf);
    return buf.read();
  });
}

describe('Rng bulk fills: WASM = TS twin = scalar draws', () => {
  it('fillUniform(0, 1) in WASM equals the scalar uniform() sequence bit for bit, and continues it', () => {
    for (const big of [false, true]) {
      for (const c of COUNTERS) {
        for (const n of LENGTHS) {
          const r = at(c, big);
          const got = wasmFill(n, (b) => r.fillUniform(b));
          const s = at(c, big);
          expect([...got]).toEqual(Array.from({ length: n }, () => s.uniform()));
          expect(r.counter).toBe(c + n);
          expect(r.nextUint32()).toBe(s.nextUint32());
        }
      }
    }
  });

  it('fillUniform(lo, hi): WASM f32 = TS Float32Array path exactly; Float64Array = scalar uniform(lo, hi)', () => {
    for (const [lo, hi] of [[-2, 3], [0.1, 0.7], [-1e-3, 1e-3], [5, 5]] as const) {
      for (const c of [0, 3]) {
        const got = wasmFill(53, (b) => at(c).fillUniform(b, lo, hi));
        expect([...got]).toEqual([...at(c).fillUniform(new Float32Array(53), lo, hi)]);
        const s = at(c);
        expect([...at(c).fillUniform(new Float64Array(53), lo, hi)]).toEqual(Array.from({ length: 53 }, () => s.uniform(lo, hi)));
        expect(got.every((x) => x >= Math.fround(lo) && x <= Math.fround(hi))).toBe(true);
      }
    }
  });

  it('fillBernoulli writes scale exactly where scalar bernoulli(pKeep) is true', () => {
    for (const big of [false, true]) {
      for (const c of COUNTERS) {
        for (const n of LENGTHS) {
          for (const p of [0, 0.1, 0.5, 0.9, 1]) {
            const scale = p > 0 ? 1 / p : 1;
            const r = at(c, big);
            const got = wasmFill(n, (b) => r.fillBernoulli(b, p, scale));
            const s = at(c, big);
            expect([...got]).toEqual(Array.from({ length: n }, () => (s.bernoulli(p) ? Math.fround(scale) : 0)));
            expect([...at(c, big).fillBernoulli(new Float32Array(n), p, scale)]).toEqual([...got]);
            expect(r.counter).toBe(c + n);
          }
        }
      }
    }
  });

  it('fillNormal: WASM and TS paths consume 2·ceil(n/2) words and agree to f32 rounding; element 0 = normal()', () => {
    for (const c of COUNTERS) {
      for (const n of LENGTHS) {
        const r = at(c, true);
        const got = wasmFill(n, (b) => r.fillNormal(b, 0.5, 2));
        expect(r.counter).toBe(c + 2 * Math.ceil(n / 2));
        const ts = at(c, true).fillNormal(new Float32Array(n), 0.5, 2);
        for (let i = 0; i < n; i++) expect(Math.abs(got[i]! - ts[i]!)).toBeLessThanOrEqual(2.4e-7 * Math.max(1, Math.abs(ts[i]!)));
        if (n > 0) expect(got[0]).toBeCloseTo(at(c, true).normal(0.5, 2), 5);
      }
    }
  });

  it('block index carries into counter word 1 (2^32 blocks) in the scalar and the 4-block SIMD path', () => {
    const c = 4 * 2 ** 32 - 22; // crosses block 2^32 inside the fill
    const s = new Rng(9).advance(c);
    const want = Array.from({ length: 80 }, () => s.uniform());
    expect([...wasmFill(80, (b) => new Rng(9).advance(c).fillUniform(b))]).toEqual(want);
  });

  it('fills a subarray view at an unaligned offset and leaves its neighbours alone', () => {
    const got = core.tidy(() => {
      const buf = core.alloc(40).fill(-7);
      new Rng(4).fillUniform(buf.subarray(1, 37));
      return buf.read();
    });
    const s = new Rng(4);
    expect(got[0]).toBe(-7);
    expect(got[38]).toBe(-7);
    expect([...got.subarray(1, 37)]).toEqual(Array.from({ length: 36 }, () => s.uniform()));
  });

  it.skipIf(!relaxedSimdSupported())('the relaxed build gives the same bits (no fused multiply-add in RNG kernels)', () => {
    const relaxed = loadCoreSync({ variant: 'relaxed' });
    for (const method of ['fillUniform', 'fillNormal', 'fillBernoulli'] as const) {
      const a = core.alloc(99);
      const b = relaxed.alloc(99);
      const args = method === 'fillBernoulli' ? ([0.7, 1 / 0.7] as const) : ([-1, 2] as const);
      new Rng(3).advance(1)[method](a, ...args);
      new Rng(3).advance(1)[method](b, ...args);
      expect([...b.read()]).toEqual([...a.read()]);
      a.free();
      b.free();
    }
  });

  it('rejects bad targets and arguments with DescentError naming the field', () => {
    const r = new Rng(1);
    const freed = core.alloc(4);
    freed.free();
    const cases: [() => unknown, RegExp][] = [
      [() => r.fillUniform(freed), /Rng.fillUniform: buffer .* was freed/],
      [() => r.fillUniform([1, 2] as unknown as Float32Array), /target must be an F32Buffer/],
      [() => r.fillUniform(new Float32Array(2), 1, 0), /lo <= hi, got lo=1, hi=0/],
      [() => r.fillUniform(new Float32Array(2), Number.NaN, 1), /lo must be a finite number, got NaN/],
      [() => r.fillNormal(new Float32Array(2), 0, -1), /std must be >= 0, got -1/],
      [() => r.fillBernoulli(new Float32Array(2), 1.2), /pKeep must be in \[0, 1\], got 1.2/],
      [() => r.fillBernoulli(new Float32Array(2), 0.5, Number.POSITIVE_INFINITY), /scale must be a finite number/],
    ];
    for (const [f, pattern] of cases) {
      expect(f).toThrow(DescentError);
      expect(f).toThrow(pattern);
    }
    expect(r.counter).toBe(0);
  });
});
