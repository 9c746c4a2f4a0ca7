// fast-check: data movement round trips and adjoints on the WASM backend:
// permute∘permute⁻¹ = id, and ⟨f(x), y⟩ = ⟨x, fᵀ(y)⟩ for slice, indexSelect and gather.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { Rng } from '../rng/rng.js';
import { size } from '../shape.js';
import { movementKernels } from './movement.js';
import { dot, uniformF32 } from '../../test/support/adjoint.js';

const core = loadCoreSync();
const be = movementKernels(core);
const shapeArb = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 5 });
const opts = { seed: 424242, numRuns: 120 };

describe('movement properties', () => {
  it('permute then the inverse permutation is the identity', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: 1e6 }), (shape, seed) => {
        const rng = new Rng(seed);
        const perm = [...rng.permutation(shape.length)];
        const inv = perm.map((_, i) => perm.indexOf(i));
        const x = uniformF32(rng, size(shape));
        const back = core.tidy(() => be.permute(be.permute(core.fromArray(x), shape, perm), perm.map((p) => shape[p]!), inv).read());
        expect([...back]).toEqual([...x]);
      }),
      opts,
    );
  });

  it('sliceBackward, indexAdd and scatterAdd are the adjoints of slice, indexSelect and gather', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: 1e6 }), (raw, seed) => {
        const rng = new Rng(seed);
        const shape = raw.map((d) => Math.max(d, 1));
        const x = uniformF32(rng, size(shape));
        const axis = rng.int(0, shape.length);
        const starts = shape.map((d) => rng.int(0, d + 1));
        const ends = shape.map((d, a) => rng.int(starts[a]!, d + 1));
        const steps = shape.map(() => rng.int(1, 3));
        const index = Int32Array.from({ length: rng.int(0, 7) }, () => rng.int(0, shape[axis]!));
        const gShape = shape.map((d, a) => (a === axis ? rng.int(0, 5) : rng.int(0, d + 1)));
        const gIndex = Int32Array.from({ length: size(gShape) }, () => rng.int(0, shape[axis]!));
        core.tidy(() => {
          const xb = core.fromArray(x);
          const pairs: [Float32Array, (y: Float64Array) => Float32Array][] = [
            [be.slice(xb, shape, starts, ends, steps).read(), (y) => be.sliceBackward(core.fromArray(y), shape, starts, ends, steps).read()],
            [be.indexSelect(xb, shape, axis, index).read(), (y) => be.indexAdd(core.fromArray(y), shape, axis, index).read()],
            [be.gather(xb, shape, axis, gIndex, gShape).read(), (y) => be.scatterAdd(core.fromArray(y), shape, axis, gIndex, gShape).read()],
          ];
          for (const [fx, adj] of pairs) {
            const y = uniformF32(rng, fx.length);
            expect(dot(fx, y)).toBeCloseTo(dot(x, adj(y)), 4);
          }
        });
      }),
      opts,
    );
  });
});
