// Matmul epilogues (relu, and relu's backward mask) are fused into the store of the last k panel.
// Each must give exactly the bits of the two-kernel path it replaces, on full and edge tiles.
import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import type { MatmulParams } from '../backend/backend.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import { Rng } from '../rng/index.js';

const core = loadCoreSync({ variant: 'simd' });
const wasm = createWasmBackend(core);
const ref = createReferenceBackend();
const values = (n: number, seed: number): Float32Array => new Rng(seed).fillNormal(new Float32Array(n), 0, 1);
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

const SHAPES: [string, MatmulParams, boolean][] = [
  ['a Linear forward, x·Wᵀ + b (full tiles, k over several panels)', { m: 128, k: 784, n: 256, transB: true }, true],
  ['a thin right edge (n = 10)', { m: 12, k: 9, n: 10, transB: true }, true],
  ['a thin bottom edge (m = 10), AᵀB', { m: 10, k: 33, n: 16, transA: true }, false],
  ['odd edges everywhere, batched', { m: 7, k: 5, n: 13, batch: 2 }, false],
];

describe('matmul epilogues', () => {
  for (const [name, p, withBias] of SHAPES) {
    const batch = p.batch ?? 1;
    const a = values(batch * p.m * p.k, 1);
    const b = values(batch * p.k * p.n, 2);
    const bias = withBias ? values(p.n, 3) : undefined;
    it(`${name}: relu is bit-identical to matmul then relu, and matches the f64 reference`, () => {
      core.tidy(() => {
        const [A, B, bb] = [core.fromArray(a), core.fromArray(b), bias ? core.fromArray(bias) : undefined];
        const fused = wasm.matmul(A, B, p, bb, { kind: 'relu' }).read();
        const twoStep = wasm.unary('relu', wasm.matmul(A, B, p, bb)).read();
        expect(bits(fused)).toEqual(bits(twoStep));
        expect(fused.some((v) => v === 0) && fused.some((v) => v > 0)).toBe(true);
        const r = ref.matmul(ref.fromArray(a), ref.fromArray(b), p, bias ? ref.fromArray(bias) : undefined, { kind: 'relu' });
        r.forEach((v, i) => expect(Math.abs(fused[i]! - v)).toBeLessThanOrEqual(1e-5 * (p.k + 1)));
      });
    });
    it(`${name}: maskPositive is bit-identical to matmul then relu's backward`, () => {
      const mask = values(batch * p.m * p.n, 4).map((v) => Math.max(v, 0)); // a relu output: zeros and positives
      core.tidy(() => {
        const [A, B, M] = [core.fromArray(a), core.fromArray(b), core.fromArray(mask)];
        const fused = wasm.matmul(A, B, p, undefined, { kind: 'maskPositive', mask: M }).read();
        const twoStep = wasm.unaryBackward('relu', M, M, wasm.matmul(A, B, p)).read();
        expect(bits(fused)).toEqual(bits(twoStep));
        const r = ref.matmul(ref.fromArray(a), ref.fromArray(b), p, undefined, { kind: 'maskPositive', mask: ref.fromArray(mask) });
        r.forEach((v, i) => expect(Math.abs(fused[i]! - v)).toBeLessThanOrEqual(1e-5 * (p.k + 1)));
      });
    });
  }

  it('relu keeps NaN (like the relu kernel) and applies to the bias alone when k = 0', () => {
    core.tidy(() => {
      const out = wasm.matmul(core.fromArray([NaN, -1]), core.fromArray([1]), { m: 2, k: 1, n: 1 }, undefined, { kind: 'relu' }).read();
      expect(Number.isNaN(out[0]!)).toBe(true);
      expect(out[1]).toBe(0);
      const k0 = wasm.matmul(core.fromArray([]), core.fromArray([]), { m: 2, k: 0, n: 3 }, core.fromArray([-1, 0, 2]), { kind: 'relu' }).read();
      expect(Array.from(k0)).toEqual([0, 0, 2, 0, 0, 2]);
    });
  });

  it('a mask of the wrong length or an unknown epilogue is a clear error', () => {
    core.tidy(() => {
      const a = core.fromArray([1, 2, 3, 4]);
      expect(() => wasm.matmul(a, a, { m: 2, k: 2, n: 2 }, undefined, { kind: 'maskPositive', mask: core.fromArray([1, 1, 1]) })).toThrow(/matmul: epilogue mask has 3 elements, the output has 4/);
      expect(() => wasm.matmul(a, a, { m: 2, k: 2, n: 2 }, undefined, { kind: 'gelu' } as never)).toThrow(/matmul: unknown epilogue "gelu"/);
      expect(() => ref.matmul(ref.fromArray([1, 2, 3, 4]), ref.fromArray([1, 2, 3, 4]), { m: 2, k: 2, n: 2 }, undefined, { kind: 'maskPositive', mask: ref.fromArray([1]) })).toThrow(/epilogue mask has 1 elements/);
    });
  });
});
