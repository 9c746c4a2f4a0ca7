// Kernel threads: every split of a matmul (all three forms, bias, epilogues, accumulate, batch
// strides) gives the same bits as one thread, for 2, 3 and 4 threads and for more parts than
// threads. The oracle is the single-thread build; each element must match bit for bit.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCore, loadCoreSync, relaxedSimdSupported } from './loader.js';
import type { Core } from './core.js';
import { Rng } from '../rng/rng.js';
import { matmulKernels } from '../kernels/matmul.js';
import type { MatmulEpilogue, MatmulParams } from '../backend/backend.js';
import type { F32Buffer } from './buffer.js';

const one = loadCoreSync();
const threaded = await Promise.all([2, 3, 4].map((threads) => loadCore({ threads })));
// split even the smallest products, so odd edges and tiny shapes cross thread boundaries
for (const c of threaded) c.pool!.thresholds.matmulMacs = 0;
afterAll(() => threaded.forEach((c) => c.close()));

const dim = fc.oneof(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 14, max: 90 }));

interface Case {
  p: MatmulParams;
  a: Float32Array;
  b: Float32Array;
  bias?: Float32Array;
  init?: Float32Array;
  epi: 'none' | 'relu' | 'mask';
  mask?: Float32Array;
}

function product(core: Core, c: Case): Float32Array {
  const { matmul, matmulAccumulate } = matmulKernels(core);
  return core.tidy(() => {
    const a = core.fromArray(c.a);
    const b = core.fromArray(c.b);
    if (c.init) {
      const out = core.fromArray(c.init);
      matmulAccumulate(out, a, b, c.p);
      return out.read().slice();
    }
    const epilogue: MatmulEpilogue<F32Buffer> | undefined =
      c.epi === 'relu' ? { kind: 'relu' } : c.epi === 'mask' ? { kind: 'maskPositive', mask: core.fromArray(c.mask!) } : undefined;
    return matmul(a, b, c.p, c.bias && core.fromArray(c.bias), epilogue).read().slice();
  });
}

const bits = (x: Float32Array) => new Uint32Array(x.buffer, x.byteOffset, x.length);

describe('kernel threads: matmul is bit-identical for any thread count', () => {
  it('cores report their threads; the default core has none', () => {
    expect(one.threads).toBe(1);
    expect(one.pool).toBeUndefined();
    expect(threaded.map((c) => c.threads)).toEqual([2, 3, 4]);
    expect(threaded.every((c) => c.memory.buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(one.memory.buffer instanceof SharedArrayBuffer).toBe(false);
  });

  it('over random shapes, forms, bias, epilogues, accumulate and batch strides', () => {
    fc.assert(
      fc.property(
        fc.record({
          m: dim, k: dim, n: dim, transA: fc.boolean(), transB: fc.boolean(), batch: fc.integer({ min: 1, max: 3 }),
          aBroadcast: fc.boolean(), bBroadcast: fc.boolean(), extra: fc.constantFrom('none', 'bias', 'relu', 'mask', 'accumulate'),
          seed: fc.integer({ min: 0, max: 1e6 }),
        }),
        (c) => {
          const rng = new Rng(c.seed);
          const gen = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
          const aStride = c.aBroadcast ? 0 : c.m * c.k;
          const bStride = c.bBroadcast ? 0 : c.k * c.n;
          const span = (s: number, size: number) => (size === 0 ? 0 : (c.batch - 1) * s + size);
          const outLen = c.batch * c.m * c.n;
          const cs: Case = {
            p: { m: c.m, k: c.k, n: c.n, transA: c.transA, transB: c.transB, batch: c.batch, aBatchStride: aStride, bBatchStride: bStride },
            a: gen(span(aStride, c.m * c.k)),
            b: gen(span(bStride, c.k * c.n)),
            epi: c.extra === 'relu' || c.extra === 'mask' ? c.extra : 'none',
          };
          if (c.extra === 'bias') cs.bias = gen(c.n);
          if (c.extra === 'mask') cs.mask = gen(outLen);
          if (c.extra === 'accumulate') cs.init = gen(outLen);
          if (c.extra === 'relu') cs.bias = gen(c.n);
          const want = bits(product(one, cs));
          for (const core of threaded) expect(bits(product(core, cs))).toEqual(want);
        },
      ),
      { seed: 15150015, numRuns: 60 },
    );
  });

  it('with more parts than threads, over deep k (several panels), thin and wide layer shapes', () => {
    const rng = new Rng(7);
    const gen = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
    const shapes: MatmulParams[] = [
      { m: 20, k: 600, n: 40 },
      { m: 90, k: 20, n: 36, transA: true },
      { m: 40, k: 70, n: 10, transB: true },
      { m: 9, k: 260, n: 530 },
    ];
    for (const p of shapes) {
      const a = gen(p.m * p.k);
      const b = gen(p.k * p.n);
      const cs: Case = { p, a, b, epi: 'relu', bias: gen(p.n) };
      const want = bits(product(one, cs));
      for (const core of threaded) expect(bits(product(core, cs))).toEqual(want);
      // parts need not match threads: 7 parts on 2 threads is still the same partition of outputs
      const core = threaded[0]!;
      const got = core.tidy(() => {
        const A = core.fromArray(a);
        const B = core.fromArray(b);
        const bias = core.fromArray(cs.bias!);
        const out = core.allocUninit(p.m * p.n);
        const parts = 7;
        const scratch = core.allocUninit(core.exports.matmulScratchSize(p.m, p.k, p.n) * parts);
        core.pool!.run('matmul', [A.ptr, B.ptr, out.ptr, bias.ptr, p.m, p.k, p.n, p.transA ? 1 : 0, p.transB ? 1 : 0, 1, 0, 0, scratch.ptr, 0, 1, 0], parts, { kind: 'parts' });
        return out.read().slice();
      });
      expect(bits(got)).toEqual(want);
    }
  });

  it('workers alone compute the same bits (the caller takes no part)', () => {
    const rng = new Rng(11);
    const gen = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
    const p = { m: 13, k: 270, n: 45 };
    const a = gen(p.m * p.k);
    const b = gen(p.k * p.n);
    const want = bits(product(one, { p, a, b, epi: 'none' }));
    for (const core of threaded) {
      const parts = core.threads + 1;
      const got = core.tidy(() => {
        const A = core.fromArray(a);
        const B = core.fromArray(b);
        const out = core.allocUninit(p.m * p.n);
        const scratch = core.allocUninit(core.exports.matmulScratchSize(p.m, p.k, p.n) * parts);
        core.pool!.run('matmul', [A.ptr, B.ptr, out.ptr, 0, p.m, p.k, p.n, 0, 0, 1, 0, 0, scratch.ptr, 0, 0, 0], parts, { kind: 'parts' }, false);
        return out.read().slice();
      });
      expect(bits(got)).toEqual(want);
    }
  });

  it('grows the shared memory under a running pool and keeps computing in parallel', () => {
    const core = threaded[0]!;
    const before = core.memoryBytes;
    const big = core.alloc(before); // 4 bytes per float: forces at least one grow
    expect(core.memoryBytes).toBeGreaterThan(before);
    big.free();
    const rng = new Rng(3);
    const gen = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
    const cs: Case = { p: { m: 64, k: 64, n: 64 }, a: gen(4096), b: gen(4096), epi: 'none' };
    expect(bits(product(core, cs))).toEqual(bits(product(one, cs)));
  });
});

describe('loading with threads and fast mode', () => {
  it('rejects thread counts that are not integers from 1 to 64, naming the field', () => {
    for (const threads of [0, 1.5, 65, Number.NaN]) {
      expect(() => loadCoreSync({ threads })).toThrow(/threads must be an integer from 1 to 64/);
    }
  });

  it('fast mode is the relaxed build; it conflicts with an explicit plain build', () => {
    expect(() => loadCoreSync({ fast: true, variant: 'simd' })).toThrow(/fast: true is the relaxed build/);
    if (relaxedSimdSupported()) expect(loadCoreSync({ fast: true }).variant).toBe('relaxed');
    else expect(() => loadCoreSync({ fast: true })).toThrow(/node --experimental-wasm-relaxed-simd/);
  });

  it('threads: 1 needs no shared memory', () => {
    const core = loadCoreSync({ threads: 1 });
    expect(core.threads).toBe(1);
    expect(core.memory.buffer instanceof SharedArrayBuffer).toBe(false);
  });
});
