import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCoreSync } from '../core/loader.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import { mismatch, randomData, seeded } from '../../test/support/kernels.js';

const core = loadCoreSync();
const W = createWasmBackend(core);
const R = createReferenceBackend();
const RUN = { seed: 99, numRuns: 100 };

const matrix = fc.record({ rows: fc.integer({ min: 0, max: 9 }), cols: fc.integer({ min: 1, max: 70 }), seed: fc.integer(), scale: fc.constantFrom(1, 10, 100, 1000) });

describe('softmax properties (fast-check, seeded, time-boxed)', () => {
  it('softmax rows sum to 1, are shift invariant and equal exp(logSoftmax)', () => {
    fc.assert(
      fc.property(matrix, ({ rows, cols, seed, scale }) => {
        const x = randomData(seeded(seed), rows * cols, -scale, scale);
        W.tidy(() => {
          const p = W.toArray(W.softmax(W.fromArray(x), rows, cols));
          const lp = W.toArray(W.unary('exp', W.logSoftmax(W.fromArray(x), rows, cols)));
          const shifted = W.toArray(W.softmax(W.fromArray(x.map((v) => v + 50)), rows, cols));
          for (let r = 0; r < rows; r++) {
            let s = 0;
            for (let j = 0; j < cols; j++) s += p[r * cols + j]!;
            expect(Math.abs(s - 1)).toBeLessThan(2e-6);
          }
          expect(mismatch(lp, p, 1e-5, 1e-7)).toBeUndefined();
          // Adding 50 rounds x in f32 when |x| is large; compare against the reference of the shifted input.
          expect(mismatch(shifted, R.softmax(R.fromArray(x.map((v) => Math.fround(v + 50))), rows, cols), 2e-5, 1e-7)).toBeUndefined();
        });
      }),
      RUN,
    );
  });

  it('cross-entropy gradient rows sum to 0 and the loss is ≥ the smoothing entropy bound 0', () => {
    fc.assert(
      fc.property(matrix, fc.double({ min: 0, max: 1, noNaN: true }), ({ rows, cols, seed, scale }, eps) => {
        const rand = seeded(seed);
        const x = randomData(rand, rows * cols, -scale, scale);
        const t = new Int32Array(rows).map(() => Math.floor(rand() * cols));
        W.tidy(() => {
          const { loss, grad } = W.softmaxCrossEntropy(W.fromArray(x), t, rows, cols, eps);
          const g = W.toArray(grad);
          for (let r = 0; r < rows; r++) {
            let s = 0;
            for (let j = 0; j < cols; j++) s += g[r * cols + j]!;
            expect(Math.abs(s)).toBeLessThan(1e-5);
          }
          const want = R.softmaxCrossEntropy(R.fromArray(x), t, rows, cols, eps);
          expect(mismatch(W.toArray(loss), want.loss, 2e-6, 2e-6 * scale)).toBeUndefined();
          for (const l of W.toArray(loss)) expect(l).toBeGreaterThanOrEqual(-1e-6);
        });
      }),
      RUN,
    );
  });
});
