// fast-check: col2im is the exact adjoint of im2col (⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩), and the
// pooling backward kernels are the adjoints of the (locally linear) forward kernels.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { Rng } from '../rng/rng.js';
import type { Conv2dGeometry } from '../backend/backend.js';
import { convSizes, planConv } from '../reference/conv.js';
import { convKernels } from './conv.js';
import { dot, uniformF32 } from '../../test/support/adjoint.js';

const core = loadCoreSync();
const be = convKernels(core);
const small = (min: number, max: number) => fc.integer({ min, max });
const geometry = fc.record({
  n: small(1, 2), c: small(1, 3), h: small(1, 9), w: small(1, 9), kh: small(1, 4), kw: small(1, 4),
  strideH: small(1, 3), strideW: small(1, 3), padH: small(0, 2), padW: small(0, 2), dilationH: small(1, 3), dilationW: small(1, 3),
});
const fits = (g: Conv2dGeometry, pooling: boolean) => {
  try {
    planConv(g, 'property', pooling);
    return true;
  } catch {
    return false;
  }
};
const opts = { seed: 31337, numRuns: 150 };

describe('conv properties', () => {
  it('col2im is the adjoint of im2col', () => {
    fc.assert(
      fc.property(geometry.filter((g) => fits(g, false)), fc.integer({ min: 0, max: 1e6 }), (g, seed) => {
        const rng = new Rng(seed);
        const s = convSizes(planConv(g, 'property'));
        const x = uniformF32(rng, s.input);
        const y = uniformF32(rng, s.cols);
        const [lhs, rhs] = core.tidy(() => [dot(be.im2col(core.fromArray(x), g).read(), y), dot(x, be.col2im(core.fromArray(y), g).read())]);
        expect(lhs).toBeCloseTo(rhs!, 4);
      }),
      opts,
    );
  });

  it('avgPool2dBackward and maxPool2dBackward are the adjoints of their forward passes', () => {
    fc.assert(
      fc.property(geometry.filter((g) => fits(g, true)), fc.integer({ min: 0, max: 1e6 }), (g, seed) => {
        const rng = new Rng(seed);
        const s = convSizes(planConv(g, 'property', true));
        const x = uniformF32(rng, s.input);
        const y = uniformF32(rng, s.pooled);
        core.tidy(() => {
          const xb = core.fromArray(x);
          expect(dot(be.avgPool2d(xb, g).read(), y)).toBeCloseTo(dot(x, be.avgPool2dBackward(core.fromArray(y), g).read()), 4);
          // Max pooling is linear in x for a fixed argmax: out = S·x with S the selection matrix.
          const { out, argmax } = be.maxPool2d(xb, g);
          const pooled = [...out.read()].map((v) => (Number.isFinite(v) ? v : 0));
          expect(dot(pooled, y)).toBeCloseTo(dot(x, be.maxPool2dBackward(core.fromArray(y), argmax, g).read()), 4);
        });
      }),
      opts,
    );
  });
});
