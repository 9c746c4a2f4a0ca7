import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { DescentError } from '../errors.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import { mismatch, randomData, seeded } from '../../test/support/kernels.js';

const core = loadCoreSync();
const W = createWasmBackend(core);
const R = createReferenceBackend();

describe('storage on both backends', () => {
  for (const B of [W, R] as const) {
    it(`${B.name}: zeros, full, fromArray, toArray, copy, length`, () => {
      const b = B as typeof W;
      expect(Array.from(b.toArray(b.zeros(5)))).toEqual([0, 0, 0, 0, 0]);
      expect(Array.from(b.toArray(b.full(6, -2.5)))).toEqual([-2.5, -2.5, -2.5, -2.5, -2.5, -2.5]);
      expect(Array.from(b.toArray(b.full(2, -Infinity)))).toEqual([-Infinity, -Infinity]);
      const x = b.fromArray([1, 2, 3]);
      const c = b.copy(x);
      b.fillInPlace(x, 7);
      expect(Array.from(b.toArray(c))).toEqual([1, 2, 3]);
      expect(Array.from(b.toArray(x))).toEqual([7, 7, 7]);
      expect(b.length(x)).toBe(3);
      expect(b.length(b.zeros(0))).toBe(0);
      expect(b.toArray(b.copy(b.zeros(0))).length).toBe(0);
    });

    it(`${B.name}: axpyInPlace y += αx over lengths 0..9 and 1001`, () => {
      const b = B as typeof W;
      const rand = seeded(1);
      for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1001]) {
        const y = randomData(rand, n);
        const x = randomData(rand, n);
        const yb = b.fromArray(y);
        b.axpyInPlace(yb, b.fromArray(x), -0.75);
        expect(mismatch(b.toArray(yb), y.map((v, i) => v - 0.75 * x[i]!), 1e-6, 1e-7)).toBeUndefined();
      }
    });

    it(`${B.name}: bad input is a DescentError naming the kernel`, () => {
      const b = B as typeof W;
      expect(() => b.zeros(-1)).toThrow(DescentError);
      expect(() => b.zeros(2.5)).toThrow(/zeros: length must be a non-negative integer, got 2.5/);
      expect(() => b.full(3, NaN)).toThrow(/full: value/);
      expect(() => b.axpyInPlace(b.zeros(2), b.zeros(3), 1)).toThrow(/axpyInPlace: y has 2, x has 3/);
      expect(() => b.axpyInPlace(b.zeros(2), b.zeros(2), Infinity)).toThrow(/alpha must be finite/);
      expect(() => b.fillInPlace(b.zeros(2), NaN)).toThrow(/fillInPlace: value/);
      expect(() => b.fromArray(5 as unknown as number[])).toThrow(/fromArray: data must be an array-like/);
    });
  }

  it('wasm: tidy frees what it allocated except the result; freed buffers are rejected', () => {
    const before = core.liveBytes;
    const kept = W.tidy(() => {
      W.zeros(100);
      W.full(7, 1);
      return W.fromArray([1, 2, 3]);
    });
    expect(core.liveBytes - before).toBe(16);
    W.free(kept);
    expect(core.liveBytes).toBe(before);
    expect(() => W.toArray(kept)).toThrow(/toArray: x.*was freed/);
    expect(() => W.copy(kept)).toThrow(/copy: x.*was freed/);
    expect(() => W.axpyInPlace(W.zeros(3), kept, 1)).toThrow(/axpyInPlace: x.*was freed/);
    const other = loadCoreSync();
    expect(() => W.copy(other.alloc(2))).toThrow(/belongs to another core/);
  });

  it('wasm: keep exempts a buffer from every enclosing tidy scope until it is freed', () => {
    const before = core.liveBytes;
    let kept: ReturnType<typeof W.zeros> | undefined;
    const returned = W.tidy(() =>
      W.tidy(() => {
        W.zeros(50);
        kept = W.keep(W.fromArray([4, 5, 6]));
        return W.zeros(2);
      }),
    );
    W.free(returned);
    // only the kept 3 floats (16 bytes, aligned) survive both scopes, contents intact
    expect(core.liveBytes - before).toBe(16);
    expect(Array.from(W.toArray(kept!))).toEqual([4, 5, 6]);
    expect(W.keep(kept!)).toBe(kept);
    W.free(kept!);
    expect(core.liveBytes).toBe(before);
    expect(() => W.keep(kept!)).toThrow(DescentError);
    expect(() => W.keep(kept!)).toThrow(/keep: x.*was freed/);
    expect(() => W.keep([1, 2] as never)).toThrow(/keep: x must be an F32Buffer/);
  });

  it('reference: keep is the identity (storage is garbage-collected)', () => {
    const x = R.fromArray([1, 2]);
    expect(R.tidy(() => R.keep(x))).toBe(x);
    expect(Array.from(x)).toEqual([1, 2]);
    expect(() => R.keep([1] as never)).toThrow(/keep: x must be a Float64Array/);
  });

  it('reference: toArray and copy return independent arrays', () => {
    const x = R.fromArray([1, 2]);
    const a = R.toArray(x);
    a[0] = 9;
    expect(Array.from(x)).toEqual([1, 2]);
  });
});
