import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCoreSync } from '../core/loader.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import type { BinaryOp, CompareOp } from '../backend/backend.js';
import { broadcastShapes, size } from '../shape.js';
import { mismatch, randomData, seeded } from '../../test/support/kernels.js';

const core = loadCoreSync();
const W = createWasmBackend(core);
const R = createReferenceBackend();
const RUN = { seed: 20240601, numRuns: 120 };

/** A shape and a partner that broadcasts with it: some axes set to 1, some leading axes dropped. */
const broadcastPair = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 5 }),
    fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    fc.integer({ min: 0, max: 5 }),
    fc.boolean(),
  )
  .map(([shape, oneA, oneB, drop, swap]) => {
    const a = shape.map((d, i) => (oneA[i] ? 1 : d));
    const b = shape.map((d, i) => (oneB[i] && !oneA[i] ? 1 : d)).slice(Math.min(drop, shape.length));
    return swap ? { a: b, b: a } : { a, b };
  });

const OPS = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'lt', 'ge', 'eq'] as const;

describe('elementwise properties (fast-check, seeded, time-boxed)', () => {
  it('binary and compare with any broadcast equal the f64 reference', () => {
    fc.assert(
      fc.property(broadcastPair, fc.constantFrom(...OPS), fc.integer(), ({ a, b }, op, seed) => {
        const rand = seeded(seed);
        const x = randomData(rand, size(a)).map((v) => Math.round(v * 4) / 4);
        const y = randomData(rand, size(b)).map((v) => Math.round(v * 4) / 4 || 0.5);
        const isCompare = op === 'lt' || op === 'ge' || op === 'eq';
        const got = W.tidy(() =>
          W.toArray(
            isCompare
              ? W.compare(op as CompareOp, W.fromArray(x), a, W.fromArray(y), b)
              : W.binary(op as BinaryOp, W.fromArray(x), a, W.fromArray(y), b),
          ),
        );
        const want = isCompare
          ? R.compare(op as CompareOp, R.fromArray(x), a, R.fromArray(y), b)
          : R.binary(op as BinaryOp, R.fromArray(x), a, R.fromArray(y), b);
        expect(got.length).toBe(size(broadcastShapes(a, b)));
        expect(mismatch(got, want, 1e-7, 0)).toBeUndefined();
      }),
      RUN,
    );
  });

  it('sumToShape(broadcastTo(x)) = (|to| / |x|)·x and sumToShape matches the reference', () => {
    fc.assert(
      fc.property(broadcastPair, fc.integer(), ({ a, b }, seed) => {
        const to = broadcastShapes(a, b);
        const x = randomData(seeded(seed), size(a));
        W.tidy(() => {
          const up = W.broadcastTo(W.fromArray(x), a, to);
          expect(mismatch(W.toArray(up), R.broadcastTo(R.fromArray(x), a, to), 0, 0)).toBeUndefined();
          const k = size(a) === 0 ? 0 : size(to) / size(a);
          expect(mismatch(W.toArray(W.sumToShape(up, to, a)), x.map((v) => v * k), 1e-6, 1e-6)).toBeUndefined();
        });
      }),
      RUN,
    );
  });

  it('where with any broadcast picks exactly a or b', () => {
    fc.assert(
      fc.property(broadcastPair, fc.integer(), ({ a, b }, seed) => {
        const rand = seeded(seed);
        const out = broadcastShapes(a, b);
        const c = Array.from({ length: size(b) }, () => (rand() < 0.5 ? 0 : 1));
        const x = randomData(rand, size(a));
        const y = randomData(rand, size(out));
        const got = W.tidy(() => W.toArray(W.where(W.fromArray(c), b, W.fromArray(x), a, W.fromArray(y), out)));
        expect(mismatch(got, R.where(R.fromArray(c), b, R.fromArray(x), a, R.fromArray(y), out), 0, 0)).toBeUndefined();
      }),
      RUN,
    );
  });

  it('tanh is odd, sigmoid(x) + sigmoid(−x) = 1, exp(log x) = x', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -20, max: 20, noNaN: true }), { minLength: 0, maxLength: 40 }), (xs) => {
        W.tidy(() => {
          const x = W.fromArray(xs);
          const nx = W.unary('neg', x);
          const t = W.toArray(W.unary('tanh', x));
          const tn = W.toArray(W.unary('tanh', nx));
          for (let i = 0; i < xs.length; i++) expect(t[i]).toBe(-tn[i]!);
          const s = W.toArray(W.binary('add', W.unary('sigmoid', x), [xs.length], W.unary('sigmoid', nx), [xs.length]));
          for (const v of s) expect(Math.abs(v - 1)).toBeLessThan(2.5e-7);
          const pos = W.unary('abs', x);
          const back = W.toArray(W.unary('exp', W.unary('log', pos)));
          const ref = W.toArray(pos);
          // ln x rounds to ~ulp(|ln x|), which exp turns into a relative error of |ln x|·2⁻²⁴.
          expect(mismatch(back, ref, 1e-5, 0)).toBeUndefined();
        });
      }),
      RUN,
    );
  });
});
