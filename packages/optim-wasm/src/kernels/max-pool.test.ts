import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { Rng } from '../rng/rng.js';
import type { Conv2dGeometry } from '../backend/backend.js';
import { convReference, convSizes, planConv } from '../reference/conv.js';
import { convKernels } from './conv.js';

// The max-pool kernel runs four output columns in f32x4 where the window is fully inside the
// row (column stride 1 or 2) and branch-free scalar elsewhere; these rows are wide enough for
// both, and the values are drawn from a small set with ties, −∞ and NaN, so the tie-break
// (first maximum wins) and NaN propagation (last NaN's index) are exercised in every lane.
const core = loadCoreSync();
const wasm = convKernels(core);
const ref = convReference();

function tieValues(rng: Rng, n: number, nanRate: number): Float64Array {
  return Float64Array.from({ length: n }, () => {
    const u = rng.uniform(0, 1);
    if (u < nanRate) return NaN;
    if (u < 2 * nanRate) return -Infinity;
    return rng.int(-3, 4);
  });
}

function geometry(rng: Rng): Conv2dGeometry {
  for (;;) {
    const g: Conv2dGeometry = {
      n: rng.int(1, 3),
      c: rng.int(1, 3),
      h: rng.int(1, 12),
      w: rng.int(4, 40),
      kh: rng.int(1, 4),
      kw: rng.int(1, 4),
      strideH: rng.int(1, 3),
      strideW: rng.int(1, 4),
      padH: rng.int(0, 2),
      padW: rng.int(0, 2),
      dilationH: rng.int(1, 3),
      dilationW: rng.int(1, 3),
    };
    try {
      planConv(g, 'test', true);
      return g;
    } catch {
      // try another
    }
  }
}

describe('maxPool2d (wasm) against the f64 reference on wide rows with ties, −∞ and NaN', () => {
  const rng = new Rng(11);

  it('matches values and argmax exactly over random strides, padding and dilation', () => {
    for (let trial = 0; trial < 200; trial++) {
      const g = geometry(rng);
      const x = tieValues(rng, convSizes(planConv(g, 'test', true)).input, trial % 3 === 0 ? 0.05 : 0);
      core.tidy(() => {
        const got = wasm.maxPool2d(core.fromArray(x), g);
        const want = ref.maxPool2d(x, g);
        const out = got.out.read();
        for (let i = 0; i < want.out.length; i++) {
          if (!Object.is(out[i], want.out[i]) || got.argmax[i] !== want.argmax[i]) {
            expect.fail(`${JSON.stringify(g)} [${i}]: ${out[i]} @${got.argmax[i]} vs reference ${want.out[i]} @${want.argmax[i]}`);
          }
        }
        expect(got.argmax.length).toBe(want.argmax.length);
      });
    }
  });

  it('2×2 stride 2 on 28×28 (the SIMD path): first maximum wins per lane, NaN takes over', () => {
    const g = { n: 1, c: 1, h: 2, w: 28, kh: 2, kw: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 };
    const x = new Float64Array(56).fill(1); // all ties: argmax is each window's first tap
    x[2 * 3 + 1] = NaN; // window 3, top-right
    x[28 + 2 * 5 + 1] = NaN; // window 5, bottom-right (the later NaN)
    x[2 * 5] = NaN; // window 5, top-left
    x[28 + 2 * 9 + 1] = 2; // window 9, the last tap is the maximum
    core.tidy(() => {
      const r = wasm.maxPool2d(core.fromArray(x), g);
      const out = [...r.out.read()];
      expect(r.argmax[0]).toBe(0);
      expect(r.argmax[3]).toBe(7);
      expect(Number.isNaN(out[3])).toBe(true);
      expect(r.argmax[5]).toBe(39);
      expect(Number.isNaN(out[5])).toBe(true);
      expect(r.argmax[9]).toBe(47);
      expect(out[9]).toBe(2);
      expect(r.argmax[13]).toBe(26);
      expect(out.filter((v) => v === 1).length).toBe(11);
    });
  });
});
