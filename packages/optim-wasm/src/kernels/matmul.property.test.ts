// fast-check: the packed WASM matmul = the f64 reference on random shapes, transposes, batch
// strides (0 = broadcast) and bias, fed the same f32-rounded inputs.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { Rng } from '../rng/rng.js';
import { matmulRef } from '../reference/matmul.js';
import { matmulKernels } from './matmul.js';

const core = loadCoreSync();
const { matmul } = matmulKernels(core);
const dim = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 70 }));

describe('matmul property: wasm = f64 reference', () => {
  it('for every shape, transpose, batch stride and bias', () => {
    fc.assert(
      fc.property(
        fc.record({ m: dim, k: dim, n: dim, transA: fc.boolean(), transB: fc.boolean(), batch: fc.integer({ min: 0, max: 3 }), aBroadcast: fc.boolean(), bBroadcast: fc.boolean(), bias: fc.boolean(), seed: fc.integer({ min: 0, max: 1e6 }) }),
        (c) => {
          const rng = new Rng(c.seed);
          const aStride = c.aBroadcast ? 0 : c.m * c.k;
          const bStride = c.bBroadcast ? 0 : c.k * c.n;
          const span = (s: number, size: number) => (c.batch === 0 || size === 0 ? 0 : (c.batch - 1) * s + size);
          const gen = (n: number) => Float64Array.from({ length: n }, () => Math.fround(rng.uniform(-1, 1)));
          const a = gen(span(aStride, c.m * c.k));
          const b = gen(span(bStride, c.k * c.n));
          const bias = c.bias ? gen(c.n) : undefined;
          const p = { m: c.m, k: c.k, n: c.n, transA: c.transA, transB: c.transB, batch: c.batch, aBatchStride: aStride, bBatchStride: bStride };
          const want = matmulRef(a, b, p, bias);
          const got = core.tidy(() => matmul(core.fromArray(a), core.fromArray(b), p, bias && core.fromArray(bias)).read());
          if (got.length !== want.length) return false;
          for (let i = 0; i < want.length; i++) if (!(Math.abs(got[i]! - want[i]!) <= 1e-6 * (c.k + 2))) return false;
          return true;
        },
      ),
      { seed: 20240611, numRuns: 150 },
    );
  });
});
