import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCoreSync } from '../core/loader.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import type { ReduceOp } from '../backend/backend.js';
import { size } from '../shape.js';
import { mismatch, randomData, seeded } from '../../test/support/kernels.js';

const core = loadCoreSync();
const W = createWasmBackend(core);
const R = createReferenceBackend();
const RUN = { seed: 7, numRuns: 150 };

const shapeAndAxes = fc
  .array(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 5 })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.subarray([...shape.keys()])));

describe('reduce properties (fast-check, seeded, time-boxed)', () => {
  it('every op over any axes equals the f64 reference', () => {
    fc.assert(
      fc.property(shapeAndAxes, fc.constantFrom<ReduceOp>('sum', 'mean', 'max', 'min', 'logsumexp', 'var'), fc.integer(), ([shape, axes], op, seed) => {
        const x = randomData(seeded(seed), size(shape), -5, 5);
        const got = W.tidy(() => W.toArray(W.reduce(op, W.fromArray(x), shape, axes, { correction: 0 })));
        const want = R.reduce(op, R.fromArray(x), shape, axes, { correction: 0 });
        expect(mismatch(got, want, 2e-6, 1e-6)).toBeUndefined();
      }),
      RUN,
    );
  });

  it('sum over all axes equals summing axis by axis; max ≥ mean ≥ min; logsumexp ≥ max', () => {
    fc.assert(
      fc.property(shapeAndAxes, fc.integer(), ([shape, axes], seed) => {
        const x = randomData(seeded(seed), size(shape), -5, 5);
        W.tidy(() => {
          const xb = W.fromArray(x);
          const all = W.toArray(W.reduce('sum', xb, shape, axes));
          let step = xb;
          const cur = shape.slice();
          for (const a of [...axes].reverse()) {
            step = W.reduce('sum', step, cur, [a]);
            cur[a] = 1;
          }
          expect(mismatch(W.toArray(step), all, 1e-5, 1e-5)).toBeUndefined();
          const mx = W.toArray(W.reduce('max', xb, shape, axes));
          const mn = W.toArray(W.reduce('min', xb, shape, axes));
          const me = W.toArray(W.reduce('mean', xb, shape, axes));
          const lse = W.toArray(W.reduce('logsumexp', xb, shape, axes));
          for (let i = 0; i < mx.length; i++) {
            expect(mx[i]! + 1e-5).toBeGreaterThanOrEqual(me[i]!);
            expect(me[i]! + 1e-5).toBeGreaterThanOrEqual(mn[i]!);
            expect(lse[i]! + 1e-6).toBeGreaterThanOrEqual(mx[i]!);
          }
        });
      }),
      RUN,
    );
  });

  it('argmax indexes an element equal to the max along the axis', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }).chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }))),
        fc.integer(),
        ([shape, axis], seed) => {
          const x = randomData(seeded(seed), size(shape)).map((v) => Math.round(v) + 0); // + 0 turns −0 into 0
          const idx = W.tidy(() => W.argReduce('argmax', W.fromArray(x), shape, axis));
          expect(Array.from(idx)).toEqual(Array.from(R.argReduce('argmax', R.fromArray(x), shape, axis)));
          const mx = R.reduce('max', R.fromArray(x), shape, [axis]);
          const inner = size(shape.slice(axis + 1));
          const len = shape[axis]!;
          for (let o = 0; o < idx.length; o++) {
            const a = Math.floor(o / inner);
            const j = o % inner;
            expect(x[(a * len + idx[o]!) * inner + j]).toBe(mx[o]);
          }
        },
      ),
      RUN,
    );
  });
});
