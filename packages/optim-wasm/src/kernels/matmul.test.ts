import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import { loadCoreSync, relaxedSimdSupported } from '../core/loader.js';
import type { Core } from '../core/core.js';
import type { MatmulParams } from '../backend/backend.js';
import { matmulRef } from '../reference/matmul.js';
import { matmulKernels, matmulScratchLength } from './matmul.js';

/** Deterministic test data (mulberry32), values in [-1, 1). */
function data(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

function compare(core: Core, p: MatmulParams, aLen: number, bLen: number, withBias: boolean, seed: number): void {
  const a = data(aLen, seed);
  const b = data(bLen, seed + 1);
  const bias = withBias ? data(p.n, seed + 2) : undefined;
  const { matmul } = matmulKernels(core);
  core.tidy(() => {
    const out = matmul(core.fromArray(a), core.fromArray(b), p, bias ? core.fromArray(bias) : undefined).read();
    const ref = matmulRef(a, b, p, bias);
    expect(out.length).toBe(ref.length);
    const tol = 2e-6 * (p.k + 1);
    for (let i = 0; i < ref.length; i++) {
      if (Math.abs(out[i]! - ref[i]!) > tol) {
        throw new Error(`${JSON.stringify(p)} bias=${withBias}: out[${i}] = ${out[i]} vs reference ${ref[i]}`);
      }
    }
  });
}

const sizes = [0, 1, 3, 4, 5, 7, 8, 9, 13, 17, 33];

describe('matmul (wasm) against the f64 reference', () => {
  const core = loadCoreSync();

  it('every transpose combination on shapes with 0, 1 and non-multiples of 4 and 8', () => {
    let seed = 1;
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const m of sizes) {
          for (const n of [0, 1, 5, 8, 12, 19]) {
            for (const k of [0, 1, 6, 9]) {
              compare(core, { m, k, n, transA, transB }, m * k, k * n, (seed & 1) === 0, seed++);
            }
          }
        }
      }
    }
  });

  it('crosses the packing block edges (k > 256, m > 64, n > 512)', () => {
    compare(core, { m: 70, k: 300, n: 21 }, 70 * 300, 300 * 21, true, 7);
    compare(core, { m: 9, k: 260, n: 530, transA: true }, 9 * 260, 260 * 530, false, 8);
    compare(core, { m: 67, k: 257, n: 515, transB: true }, 67 * 257, 257 * 515, true, 9);
    // Thin edges (m % 4 = 2, n % 8 = 4) over two depth blocks: the half-width edge kernels accumulate.
    compare(core, { m: 66, k: 300, n: 12, transA: true, transB: true }, 66 * 300, 300 * 12, true, 10);
  });

  it('batched, with batch strides and stride 0 broadcasting either operand', () => {
    compare(core, { m: 3, k: 5, n: 6, batch: 4 }, 4 * 15, 4 * 30, true, 11);
    compare(core, { m: 5, k: 7, n: 9, batch: 3, bBatchStride: 0, transB: true }, 3 * 35, 63, false, 12);
    compare(core, { m: 6, k: 4, n: 10, batch: 2, aBatchStride: 0, transA: true }, 24, 2 * 40, true, 13);
    compare(core, { m: 2, k: 3, n: 3, batch: 3, aBatchStride: 8, bBatchStride: 9 }, 2 * 8 + 6, 27, false, 14);
    compare(core, { m: 4, k: 4, n: 4, batch: 0 }, 0, 0, false, 15);
  });

  it('k = 0 gives zeros (or the bias)', () => {
    const { matmul } = matmulKernels(core);
    core.tidy(() => {
      const bias = core.fromArray([1, 2, 3]);
      expect([...matmul(core.alloc(0), core.alloc(0), { m: 2, k: 0, n: 3 }).read()]).toEqual([0, 0, 0, 0, 0, 0]);
      expect([...matmul(core.alloc(0), core.alloc(0), { m: 2, k: 0, n: 3 }, bias).read()]).toEqual([1, 2, 3, 1, 2, 3]);
    });
  });

  it('matches exactly on small integers (no rounding anywhere)', () => {
    const { matmul } = matmulKernels(core);
    core.tidy(() => {
      const a = core.fromArray([1, 2, 3, 4, 5, 6]); // 2×3
      const b = core.fromArray([7, 8, 9, 10, 11, 12]); // 3×2
      expect([...matmul(a, b, { m: 2, k: 3, n: 2 }).read()]).toEqual([58, 64, 139, 154]);
      // Aᵀ: a viewed as 3×2 stored, op(A) = 2×3
      expect([...matmul(a, b, { m: 2, k: 3, n: 2, transA: true }).read()]).toEqual([89, 98, 116, 128]);
    });
  });

  it('reuses the packing scratch: repeated calls never grow memory', () => {
    const fresh = loadCoreSync();
    const { matmul } = matmulKernels(fresh);
    const a = fresh.fromArray(data(128 * 300, 3), true);
    const b = fresh.fromArray(data(300 * 96, 4), true);
    const step = (transB: boolean) => fresh.tidy(() => void matmul(a, b, { m: 128, k: 300, n: 96, transB }));
    step(false);
    const top = fresh.heapTop;
    const bytes = fresh.memoryBytes;
    const scratch = matmulScratchLength(fresh);
    expect(scratch).toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) step(i % 2 === 0);
    expect(fresh.heapTop).toBe(top);
    expect(fresh.memoryBytes).toBe(bytes);
    expect(matmulScratchLength(fresh)).toBe(scratch);
    // A smaller problem keeps the larger scratch.
    fresh.tidy(() => void matmul(a, b, { m: 4, k: 4, n: 4, batch: 1, aBatchStride: 0, bBatchStride: 0 }));
    expect(matmulScratchLength(fresh)).toBe(scratch);
  });

  it.skipIf(relaxedSimdSupported())('the relaxed build agrees with a plain JS product (checked in a child Node with the flag)', () => {
    // Node 20 accepts relaxed SIMD only behind a flag, so drive the raw module from a child process.
    const wasmPath = fileURLToPath(new URL('../../wasm/descent-relaxed.wasm', import.meta.url));
    const script = `
      const fs = await import('node:fs');
      const ex = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(${JSON.stringify(wasmPath)})), {}).exports;
      let top = (ex.heapBase() + 15) & ~15;
      const alloc = (n) => { const p = top; top += Math.ceil((n * 4 + 16) / 16) * 16; const need = top - ex.memory.buffer.byteLength; if (need > 0) ex.memory.grow(Math.ceil(need / 65536)); return p; };
      let worst = 0;
      for (const [m, k, n, ta, tb] of [[37, 45, 29, 1, 0], [20, 300, 17, 0, 1], [67, 257, 530, 0, 0], [5, 3, 9, 1, 1]]) {
        const a = alloc(m * k), b = alloc(k * n), c = alloc(m * n), bias = alloc(n), s = alloc(ex.matmulScratchSize(m, k, n));
        const f = new Float32Array(ex.memory.buffer);
        for (let i = 0; i < m * k; i++) f[a / 4 + i] = Math.sin(i + 1);
        for (let i = 0; i < k * n; i++) f[b / 4 + i] = Math.cos(3 * i);
        for (let j = 0; j < n; j++) f[bias / 4 + j] = j / n;
        ex.matmul(a, b, c, bias, m, k, n, ta, tb, 1, 0, 0, s, 0, 0, 0, 0, 1);
        const g = new Float32Array(ex.memory.buffer);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
          let r = j / n;
          for (let q = 0; q < k; q++) r += Math.fround(Math.sin((ta ? q * m + i : i * k + q) + 1)) * Math.fround(Math.cos(3 * (tb ? j * k + q : q * n + j)));
          worst = Math.max(worst, Math.abs(g[c / 4 + i * n + j] - r) / Math.sqrt(k));
        }
      }
      console.log(ex.isRelaxedBuild() + ' ' + worst);`;
    const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [relaxed, worst] = r.stdout.trim().split(' ').map(Number);
    expect(relaxed).toBe(1);
    expect(worst).toBeLessThan(1e-5);
  });

  it.skipIf(!relaxedSimdSupported())('the relaxed build agrees with the reference', () => {
    const relaxed = loadCoreSync({ variant: 'relaxed' });
    compare(relaxed, { m: 37, k: 45, n: 29, transA: true }, 37 * 45, 45 * 29, true, 21);
    compare(relaxed, { m: 20, k: 300, n: 17, transB: true }, 20 * 300, 300 * 17, false, 22);
  });
});

describe('matmul input checks', () => {
  const core = loadCoreSync();
  const { matmul } = matmulKernels(core);

  it('rejects mismatched lengths, bad sizes and a wrong bias with a DescentError naming the shapes', () => {
    core.tidy(() => {
      const a = core.alloc(6);
      const b = core.alloc(6);
      expect(() => matmul(a, b, { m: 2, k: 4, n: 2 })).toThrow(/matmul: a has 6 elements but AB with m=2, k=4, n=2.*needs 8/);
      expect(() => matmul(a, b, { m: 2, k: 3, n: 3, transB: true })).toThrow(/matmul: b has 6 elements.*needs 9.*n×k = 3×3/);
      expect(() => matmul(a, b, { m: -1, k: 3, n: 2 })).toThrow(DescentError);
      expect(() => matmul(a, b, { m: 2.5, k: 3, n: 2 })).toThrow(/m must be a non-negative integer/);
      expect(() => matmul(a, b, { m: 2, k: 3, n: 2 }, core.alloc(3))).toThrow(/bias has 3 elements.*needs n = 2/);
      expect(() => matmul(a, b, { m: 2, k: 3, n: 2, batch: 2, aBatchStride: 0, bBatchStride: 6 })).toThrow(/b has 6 elements.*at least 12/);
    });
  });

  it('rejects freed buffers and buffers of another core', () => {
    const a = core.alloc(4);
    const b = core.alloc(4);
    a.free();
    expect(() => matmul(a, b, { m: 2, k: 2, n: 2 })).toThrow(/matmul: a.*was freed/);
    const other = loadCoreSync().alloc(4);
    expect(() => matmul(b, other, { m: 2, k: 2, n: 2 })).toThrow(/b belongs to another core/);
    b.free();
  });
});
