// Gradient accumulation kernels: out += op(A)·op(B) and out += column sums. Checked against the
// f64 reference and, bit for bit, against the two-step path they replace (compute, then axpy).
import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import type { MatmulParams } from '../backend/backend.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import { Rng } from '../rng/index.js';

const core = loadCoreSync({ variant: 'simd' });
const wasm = createWasmBackend(core);
const ref = createReferenceBackend();

const values = (n: number, seed: number): Float32Array => new Rng(seed).fillNormal(new Float32Array(n), 0, 1.5);
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

const SHAPES: [string, MatmulParams][] = [
  ['AᵀB (a weight gradient dyᵀ·x)', { m: 256, k: 128, n: 784, transA: true }],
  ['AB', { m: 13, k: 37, n: 19 }],
  ['ABᵀ with thin edges', { m: 10, k: 5, n: 3, transB: true }],
  ['AᵀBᵀ, deeper than one packed panel', { m: 9, k: 300, n: 17, transA: true, transB: true }],
  ['batched', { m: 4, k: 6, n: 8, batch: 3 }],
];

describe('matmulAccumulate: out += op(A)·op(B)', () => {
  for (const [name, p] of SHAPES) {
    it(`${name}: equals the f64 reference added to out`, () => {
      const batch = p.batch ?? 1;
      const a = values(batch * p.m * p.k, 1);
      const b = values(batch * p.k * p.n, 2);
      const out0 = values(batch * p.m * p.n, 3);
      core.tidy(() => {
        const out = core.fromArray(out0);
        wasm.matmulAccumulate(out, core.fromArray(a), core.fromArray(b), p);
        const r = ref.fromArray(out0);
        ref.matmulAccumulate(r, ref.fromArray(a), ref.fromArray(b), p);
        const got = out.read();
        const tol = 3e-6 * (p.k + 4);
        for (let i = 0; i < r.length; i++) expect(Math.abs(got[i]! - r[i]!), `element ${i}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(r[i]!)));
      });
      // the f64 reference of the 256×128×784 case is ~25M multiply-adds in JS: seconds on a loaded machine
    }, 60_000);
  }

  it('is bit-identical to matmul then axpyInPlace when k fits one packed panel', () => {
    const p: MatmulParams = { m: 256, k: 128, n: 784, transA: true };
    core.tidy(() => {
      const a = core.fromArray(values(p.m * p.k, 4));
      const b = core.fromArray(values(p.k * p.n, 5));
      const start = values(p.m * p.n, 6);
      const fused = core.fromArray(start);
      wasm.matmulAccumulate(fused, a, b, p);
      const twoStep = core.fromArray(start);
      wasm.axpyInPlace(twoStep, wasm.matmul(a, b, p), 1);
      expect(bits(fused.read())).toEqual(bits(twoStep.read()));
    });
  });

  it('k = 0 leaves out unchanged', () => {
    core.tidy(() => {
      const out = core.fromArray([1, 2, 3, 4]);
      wasm.matmulAccumulate(out, core.fromArray([]), core.fromArray([]), { m: 2, k: 0, n: 2 });
      expect(Array.from(out.read())).toEqual([1, 2, 3, 4]);
    });
  });

  it('rejects a wrong out length and aliased operands, naming the kernel', () => {
    core.tidy(() => {
      const a = core.fromArray(values(6, 7));
      const b = core.fromArray(values(6, 8));
      expect(() => wasm.matmulAccumulate(wasm.zeros(5), a, b, { m: 2, k: 3, n: 2 })).toThrow(/matmulAccumulate: out has 5 elements but batch 1 × m 2 × n 2 needs 4/);
      const big = core.fromArray(values(12, 9));
      expect(() => wasm.matmulAccumulate(big.subarray(0, 4), big.subarray(2, 6), big.subarray(6, 6), { m: 2, k: 3, n: 2 })).toThrow(/matmulAccumulate: out must not overlap/);
      expect(() => ref.matmulAccumulate(new Float64Array(3), ref.fromArray([1, 2]), ref.fromArray([3, 4]), { m: 2, k: 1, n: 2 })).toThrow(/matmulAccumulate: out has 3 elements/);
    });
  });
});

describe('sumRowsAccumulate: out[j] += Σ_i x[i, j]', () => {
  for (const [rows, cols] of [[128, 256], [7, 10], [1, 3], [0, 5], [33, 4]] as const) {
    it(`[${rows}, ${cols}]: the f64 reference, and bit-identical to sumToShape then axpyInPlace`, () => {
      const x = values(rows * cols, rows + cols);
      const start = values(cols, 11);
      core.tidy(() => {
        const out = core.fromArray(start);
        wasm.sumRowsAccumulate(out, core.fromArray(x), rows, cols);
        const r = ref.fromArray(start);
        ref.sumRowsAccumulate(r, ref.fromArray(x), rows, cols);
        const got = out.read();
        for (let j = 0; j < cols; j++) expect(Math.abs(got[j]! - r[j]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(r[j]!)));
        const twoStep = core.fromArray(start);
        wasm.axpyInPlace(twoStep, wasm.sumToShape(core.fromArray(x), [rows, cols], [cols]), 1);
        expect(bits(got)).toEqual(bits(twoStep.read()));
      });
    });
  }

  it('rejects mismatched shapes and aliasing, naming the kernel and the shapes', () => {
    core.tidy(() => {
      expect(() => wasm.sumRowsAccumulate(wasm.zeros(3), wasm.zeros(8), 2, 4)).toThrow(/sumRowsAccumulate: out has 3 elements, x \[rows 2, cols 4\] needs 4/);
      expect(() => wasm.sumRowsAccumulate(wasm.zeros(4), wasm.zeros(8), 3, 4)).toThrow(/sumRowsAccumulate/);
      const buf = wasm.zeros(12);
      expect(() => wasm.sumRowsAccumulate(buf.subarray(0, 4), buf.subarray(2, 8), 2, 4)).toThrow(/overlap/);
      expect(() => ref.sumRowsAccumulate(new Float64Array(4), new Float64Array(7), 2, 4)).toThrow(/sumRowsAccumulate: x has 7 elements/);
    });
  });
});
