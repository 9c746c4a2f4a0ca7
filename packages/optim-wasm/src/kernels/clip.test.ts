import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../backend/reference-backend.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { loadCoreSync } from '../core/loader.js';

const core = loadCoreSync();
const wasm = createWasmBackend(core);
const ref = createReferenceBackend();
const X = [0.5, -2, 3.25, -0.125, 7, -8, 1e-3, 2.5, -1.5]; // 9: SIMD body + tail

describe('clipping helpers of the Backend contract: WASM = reference', () => {
  it('sumOfSquares', () => {
    expect(wasm.sumOfSquares(core.fromArray(X))).toBe(ref.sumOfSquares(Float64Array.from(X.map(Math.fround))));
    expect(ref.sumOfSquares(Float64Array.from(X))).toBe(X.reduce((s, x) => s + x * x, 0));
  });
  it('scaleInPlace', () => {
    const a = core.fromArray(X);
    wasm.scaleInPlace(a, 0.5);
    const b = Float64Array.from(X);
    ref.scaleInPlace(b, 0.5);
    expect(Array.from(a.read())).toEqual(Array.from(b).map(Math.fround));
    expect(() => wasm.scaleInPlace(a, NaN)).toThrow(/scaleInPlace: s must be a number, got NaN/);
  });
  it('clipInPlace', () => {
    const a = core.fromArray(X);
    wasm.clipInPlace(a, -1, 2);
    const b = Float64Array.from(X);
    ref.clipInPlace(b, -1, 2);
    expect(Array.from(a.read())).toEqual(Array.from(b).map(Math.fround));
    expect(Array.from(b)).toEqual(X.map((x) => Math.min(Math.max(x, -1), 2)));
    expect(() => wasm.clipInPlace(a, 2, 1)).toThrow(/lo \(2\) must be <= hi \(1\)/);
    const freed = core.fromArray([1]);
    freed.free();
    expect(() => wasm.clipInPlace(freed, 0, 1)).toThrow(/was freed/);
  });
});
