import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { Rng } from '../rng/rng.js';
import type { Conv2dGeometry } from '../backend/backend.js';
import { convReference, convSizes, planConv } from '../reference/conv.js';
import { convKernels } from './conv.js';
import { matmulKernels } from './matmul.js';

const core = loadCoreSync();
const wasm = convKernels(core);
const ref = convReference();

function data(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => Math.fround(rng.uniform(-2, 2)));
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i]! - b[i]!) <= tol)) expect.fail(`[${i}]: ${a[i]} vs reference ${b[i]}`);
}

/** A random geometry whose kernel fits; `pooling` keeps padding ≤ half the effective kernel. */
function geometry(rng: Rng, pooling: boolean): Conv2dGeometry {
  for (;;) {
    const g: Conv2dGeometry = {
      n: rng.int(0, 3),
      c: rng.int(0, 4),
      h: rng.int(1, 10),
      w: rng.int(1, 11),
      kh: rng.int(1, 4),
      kw: rng.int(1, 4),
      strideH: rng.int(1, 4),
      strideW: rng.int(1, 4),
      padH: rng.int(0, 3),
      padW: rng.int(0, 3),
      dilationH: rng.int(1, 3),
      dilationW: rng.int(1, 3),
    };
    try {
      planConv(g, 'test', pooling);
      return g;
    } catch {
      // try another
    }
  }
}

describe('conv kernels (wasm) against the f64 reference', () => {
  const rng = new Rng(7);

  it('im2col is exact and col2im matches, over random strides, padding and dilation', () => {
    for (let trial = 0; trial < 150; trial++) {
      const g = geometry(rng, false);
      const s = convSizes(planConv(g, 'test'));
      const x = data(rng, s.input);
      core.tidy(() => {
        close(wasm.im2col(core.fromArray(x), g).read(), ref.im2col(x, g), 0);
        const y = data(rng, s.cols);
        close(wasm.col2im(core.fromArray(y), g).read(), ref.col2im(y, g), 1e-5);
      });
    }
  });

  it('max and average pooling, forward and backward', () => {
    for (let trial = 0; trial < 150; trial++) {
      const g = geometry(rng, true);
      const s = convSizes(planConv(g, 'test', true));
      const x = data(rng, s.input);
      const dy = data(rng, s.pooled);
      core.tidy(() => {
        const got = wasm.maxPool2d(core.fromArray(x), g);
        const want = ref.maxPool2d(x, g);
        close(got.out.read(), want.out, 0);
        expect([...got.argmax]).toEqual([...want.argmax]);
        close(wasm.maxPool2dBackward(core.fromArray(dy), got.argmax, g).read(), ref.maxPool2dBackward(dy, want.argmax, g), 1e-5);
        close(wasm.avgPool2d(core.fromArray(x), g).read(), ref.avgPool2d(x, g), 1e-5);
        close(wasm.avgPool2dBackward(core.fromArray(dy), g).read(), ref.avgPool2dBackward(dy, g), 1e-5);
      });
    }
  });

  it('max pooling: first maximum wins, NaN propagates, a window of padding only gives −∞ and argmax −1', () => {
    const g = { n: 1, c: 1, h: 2, w: 2, kh: 2, kw: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 };
    core.tidy(() => {
      const r = wasm.maxPool2d(core.fromArray([1, 3, 3, 2]), g);
      expect([...r.out.read()]).toEqual([3]);
      expect([...r.argmax]).toEqual([1]);
      const nan = wasm.maxPool2d(core.fromArray([1, NaN, 5, 2]), g);
      expect(Number.isNaN(nan.out.read()[0])).toBe(true);
      expect([...nan.argmax]).toEqual([1]);
      // h = 2, kernel 2 dilated by 3 with padding 2: output row 1 reads rows −1 and 2 only.
      const d = { ...g, w: 1, kw: 1, strideH: 1, strideW: 1, padH: 2, dilationH: 3 };
      const pad = wasm.maxPool2d(core.fromArray([4, 5]), d);
      expect([...pad.out.read()]).toEqual([5, -Infinity, 4]);
      expect([...pad.argmax]).toEqual([1, -1, 0]);
      expect([...wasm.maxPool2dBackward(core.fromArray([1, 10, 100]), pad.argmax, d).read()]).toEqual([100, 1]);
    });
  });

  it('average pooling counts padding as zeros (count_include_pad)', () => {
    const g = { n: 1, c: 1, h: 2, w: 2, kh: 2, kw: 2, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1 };
    core.tidy(() => {
      expect([...wasm.avgPool2d(core.fromArray([4, 8, 12, 16]), g).read()]).toEqual([1, 3, 2, 4, 10, 6, 3, 7, 4]);
    });
  });

  it('im2col + matmul equals a direct convolution', () => {
    const { matmul } = matmulKernels(core);
    for (let trial = 0; trial < 20; trial++) {
      const g = { ...geometry(rng, false), n: 2, c: 1 + rng.int(0, 3) };
      const q = planConv(g, 'test');
      const cOut = 1 + rng.int(0, 5);
      const x = data(rng, convSizes(q).input);
      const wts = data(rng, cOut * g.c * g.kh * g.kw);
      const ck = g.c * g.kh * g.kw;
      const hw = q.outH * q.outW;
      // out[n] = W [cOut, ck] · cols[n] [ck, hw], batched with W broadcast (stride 0).
      const got = core.tidy(() => {
        const cols = wasm.im2col(core.fromArray(x), g);
        return matmul(core.fromArray(wts), cols, { m: cOut, k: ck, n: hw, batch: g.n, aBatchStride: 0 }).read();
      });
      const direct = new Float64Array(g.n * cOut * hw);
      for (let n = 0; n < g.n; n++)
        for (let co = 0; co < cOut; co++)
          for (let oh = 0; oh < q.outH; oh++)
            for (let ow = 0; ow < q.outW; ow++) {
              let s = 0;
              for (let ci = 0; ci < g.c; ci++)
                for (let ki = 0; ki < g.kh; ki++)
                  for (let kj = 0; kj < g.kw; kj++) {
                    const ih = oh * g.strideH - g.padH + ki * g.dilationH;
                    const iw = ow * g.strideW - g.padW + kj * g.dilationW;
                    if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) continue;
                    s += wts[((co * g.c + ci) * g.kh + ki) * g.kw + kj]! * x[((n * g.c + ci) * g.h + ih) * g.w + iw]!;
                  }
              direct[((n * cOut + co) * q.outH + oh) * q.outW + ow] = s;
            }
      close(got, direct, 1e-4);
    }
  });
});

describe('conv input checks', () => {
  const g = { n: 1, c: 2, h: 4, w: 4, kh: 3, kw: 3, strideH: 1, strideW: 1, padH: 0, padW: 0, dilationH: 1, dilationW: 1 };

  it('names the kernel, the field and the geometry', () => {
    core.tidy(() => {
      const x = core.alloc(32);
      expect(() => wasm.im2col(core.alloc(31), g)).toThrow(/im2col: x has 31 elements but input \[1, 2, 4, 4\], kernel 3×3.* needs 32/);
      expect(() => wasm.col2im(x, g)).toThrow(/col2im: cols has 32 elements.*needs 72/);
      expect(() => wasm.im2col(x, { ...g, kh: 5 })).toThrow(/im2col: the kernel does not fit the padded input/);
      expect(() => wasm.im2col(x, { ...g, strideH: 0 })).toThrow(/im2col: strideH must be an integer ≥ 1, got 0/);
      expect(() => wasm.im2col(x, { ...g, padW: -1 })).toThrow(/padW must be an integer ≥ 0/);
      expect(() => wasm.maxPool2d(x, { ...g, padH: 2 })).toThrow(/maxPool2d: padding must be at most half the effective kernel/);
      expect(() => wasm.avgPool2dBackward(x, g)).toThrow(/avgPool2dBackward: dy has 32 elements.*needs 8/);
      const dy = core.alloc(8);
      expect(() => wasm.maxPool2dBackward(dy, new Int32Array(8).fill(16), g)).toThrow(/maxPool2dBackward: argmax\[0\] = 16 is outside a 4×4 plane/);
      expect(() => wasm.maxPool2dBackward(dy, new Int32Array(7), g)).toThrow(/argmax has 7 elements but .* needs 8/);
    });
  });

  it('rejects freed buffers', () => {
    const x = core.alloc(32);
    x.free();
    expect(() => wasm.avgPool2d(x, g)).toThrow(/avgPool2d: x.*was freed/);
  });
});
