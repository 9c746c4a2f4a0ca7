import { DescentError } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from '../src/index.js';
import { expectClose, randArray, ref, refTensor, wasm } from './util.js';

type Geo = { s: [number, number]; p: [number, number]; d: [number, number] };

/** Direct convolution, written as the definition (f64). */
function directConv(x: number[], [n, c, h, w]: number[], k: number[], [o, , kh, kw]: number[], b: number[] | null, g: Geo) {
  const oh = Math.floor((h! + 2 * g.p[0] - g.d[0] * (kh! - 1) - 1) / g.s[0]) + 1;
  const ow = Math.floor((w! + 2 * g.p[1] - g.d[1] * (kw! - 1) - 1) / g.s[1]) + 1;
  const out = new Float64Array(n! * o! * oh * ow);
  for (let ni = 0; ni < n!; ni++)
    for (let oi = 0; oi < o!; oi++)
      for (let y = 0; y < oh; y++)
        for (let z = 0; z < ow; z++) {
          let acc = b ? b[oi]! : 0;
          for (let ci = 0; ci < c!; ci++)
            for (let i = 0; i < kh!; i++)
              for (let j = 0; j < kw!; j++) {
                const ih = y * g.s[0] - g.p[0] + i * g.d[0];
                const iw = z * g.s[1] - g.p[1] + j * g.d[1];
                if (ih < 0 || ih >= h! || iw < 0 || iw >= w!) continue;
                acc += k[((oi * c! + ci) * kh! + i) * kw! + j]! * x[((ni * c! + ci) * h! + ih) * w! + iw]!;
              }
          out[((ni * o! + oi) * oh + y) * ow + z] = acc;
        }
  return { out, shape: [n!, o!, oh, ow] };
}

/** Direct pooling (max with −∞ padding, or mean counting padding as zeros). */
function directPool(kind: 'max' | 'avg', x: number[], [n, c, h, w]: number[], [kh, kw]: number[], g: Geo) {
  const oh = Math.floor((h! + 2 * g.p[0] - g.d[0] * (kh! - 1) - 1) / g.s[0]) + 1;
  const ow = Math.floor((w! + 2 * g.p[1] - g.d[1] * (kw! - 1) - 1) / g.s[1]) + 1;
  const out: number[] = [];
  for (let pl = 0; pl < n! * c!; pl++)
    for (let y = 0; y < oh; y++)
      for (let z = 0; z < ow; z++) {
        let acc = kind === 'max' ? -Infinity : 0;
        for (let i = 0; i < kh!; i++)
          for (let j = 0; j < kw!; j++) {
            const ih = y * g.s[0] - g.p[0] + i * g.d[0];
            const iw = z * g.s[1] - g.p[1] + j * g.d[1];
            if (ih < 0 || ih >= h! || iw < 0 || iw >= w!) continue;
            const v = x[pl * h! * w! + ih * w! + iw]!;
            acc = kind === 'max' ? Math.max(acc, v) : acc + v / (kh! * kw!);
          }
        out.push(acc);
      }
  return { out, shape: [n!, c!, oh, ow] };
}

const convCases: [string, number[], number[], Geo][] = [
  ['3×3, stride 1, no padding', [2, 3, 5, 6], [4, 3, 3, 3], { s: [1, 1], p: [0, 0], d: [1, 1] }],
  ['3×3, padding 1 (same)', [2, 2, 5, 5], [3, 2, 3, 3], { s: [1, 1], p: [1, 1], d: [1, 1] }],
  ['stride 2 with padding', [1, 3, 7, 6], [2, 3, 3, 3], { s: [2, 2], p: [1, 1], d: [1, 1] }],
  ['dilation 2', [2, 2, 7, 7], [3, 2, 3, 3], { s: [1, 1], p: [0, 0], d: [2, 2] }],
  ['asymmetric kernel, stride, padding and dilation', [1, 2, 8, 7], [3, 2, 2, 3], { s: [2, 1], p: [1, 2], d: [2, 1] }],
  ['1×1 kernel', [2, 4, 3, 3], [5, 4, 1, 1], { s: [1, 1], p: [0, 0], d: [1, 1] }],
];

describe('conv2d forward = the definition (f64 reference backend)', () => {
  for (const [name, xs, ks, g] of convCases) {
    it(name, () => {
      const x = randArray(xs.reduce((a, b) => a * b), 1);
      const k = randArray(ks.reduce((a, b) => a * b), 2);
      const b = randArray(ks[0]!, 3);
      const y = ad.conv2d(refTensor(x, xs), refTensor(k, ks), refTensor(b, [ks[0]!]), { stride: g.s, padding: g.p, dilation: g.d });
      const want = directConv(x, xs, k, ks, b, g);
      expect(y.shape).toEqual(want.shape);
      expectClose(y.data(), want.out, 1e-12, 1e-12, name);
    });
  }

  it('accepts an unbatched [C, H, W] input and no bias', () => {
    const x = randArray(2 * 4 * 4, 4);
    const k = randArray(3 * 2 * 3 * 3, 5);
    const y = ad.conv2d(refTensor(x, [2, 4, 4]), refTensor(k, [3, 2, 3, 3]), null, { padding: 1 });
    expect(y.shape).toEqual([3, 4, 4]);
    expectClose(y.data(), directConv(x, [1, 2, 4, 4], k, [3, 2, 3, 3], null, { s: [1, 1], p: [1, 1], d: [1, 1] }).out, 1e-12, 1e-12);
  });
});

describe('pooling forward = the definition', () => {
  const cases: [string, number[], number[], Geo][] = [
    ['2×2 stride 2', [2, 3, 6, 6], [2, 2], { s: [2, 2], p: [0, 0], d: [1, 1] }],
    ['3×3 stride 2 padding 1 (odd size)', [1, 2, 7, 5], [3, 3], { s: [2, 2], p: [1, 1], d: [1, 1] }],
    ['3×2 stride 1', [1, 2, 4, 5], [3, 2], { s: [1, 1], p: [0, 0], d: [1, 1] }],
  ];
  for (const [name, xs, k, g] of cases) {
    it(`maxPool2d ${name}`, () => {
      const x = randArray(xs.reduce((a, b) => a * b), 6);
      const y = ad.maxPool2d(refTensor(x, xs), k as [number, number], { stride: g.s, padding: g.p });
      const want = directPool('max', x, xs, k, g);
      expect(y.shape).toEqual(want.shape);
      expectClose(y.data(), want.out, 0, 0, name);
    });
    it(`avgPool2d ${name}`, () => {
      const x = randArray(xs.reduce((a, b) => a * b), 7);
      const y = ad.avgPool2d(refTensor(x, xs), k as [number, number], { stride: g.s, padding: g.p });
      const want = directPool('avg', x, xs, k, g);
      expect(y.shape).toEqual(want.shape);
      expectClose(y.data(), want.out, 1e-12, 1e-12, name);
    });
  }

  it('maxPool2d with dilation; stride defaults to the kernel size', () => {
    const xs = [1, 2, 7, 7];
    const x = randArray(98, 8);
    const y = ad.maxPool2d(refTensor(x, xs), 2, { stride: 1, dilation: 2 });
    expectClose(y.data(), directPool('max', x, xs, [2, 2], { s: [1, 1], p: [0, 0], d: [2, 2] }).out, 0, 0);
    expect(ad.maxPool2d(refTensor(x, xs), 3).shape).toEqual([1, 2, 2, 2]);
    expect(ad.avgPool2d(refTensor(x, xs), 2).shape).toEqual([1, 2, 3, 3]);
  });

  it('maxPool2d sends the gradient to the first maximum of each window', () => {
    const x = refTensor([5, 5, 1, 0, 5, 2, 2, 2], [1, 1, 2, 4], true);
    ad.sum(ad.maxPool2d(x, 2)).backward();
    expect([...x.grad!.data()]).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
  });
});

describe('unfold / fold', () => {
  it('fold is the adjoint of unfold: ⟨unfold x, c⟩ = ⟨x, fold c⟩', () => {
    const xs = [2, 3, 6, 5];
    const o = { stride: [2, 1] as [number, number], padding: 1, dilation: [1, 2] as [number, number] };
    const x = refTensor(randArray(180, 9), xs);
    const u = ad.unfold(x, [3, 2], o);
    expect(u.shape[1]).toBe(3 * 3 * 2);
    const c = refTensor(randArray(u.size, 10), [...u.shape]);
    const f = ad.fold(c, [6, 5], [3, 2], o);
    expect(f.shape).toEqual(xs);
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(u.data(), c.data())).toBeCloseTo(dot(x.data(), f.data()), 10);
  });

  it('rejects inconsistent fold shapes', () => {
    const c = refTensor(randArray(2 * 9 * 10, 11), [2, 9, 10]);
    expect(() => ad.fold(c, [4, 4], 3)).toThrow(/fold: \[2, 9, 10\] has 10 blocks, output 4×4 .* has 2×2/);
    expect(() => ad.fold(c, [4, 4], 2)).toThrow(/not divisible by the kernel size 2×2/);
  });
});

describe('gradcheck (f64) of conv and pooling ops', () => {
  const gc = (fn: (...t: ad.Tensor<Float64Array>[]) => ad.Tensor<Float64Array>, inputs: Record<string, ad.Tensor>) => {
    const r = ad.gradcheck(fn, inputs, { seed: 3 });
    expect(r.checked).toBeGreaterThan(0);
    expect(r.ok, r.message).toBe(true);
  };
  for (const [name, xs, ks, g] of convCases.slice(1, 5)) {
    it(`conv2d ${name}`, () => {
      gc((x, w, b) => ad.conv2d(x, w, b, { stride: g.s, padding: g.p, dilation: g.d }), {
        x: refTensor(randArray(xs.reduce((a, b) => a * b), 12), xs, true),
        w: refTensor(randArray(ks.reduce((a, b) => a * b), 13), ks, true),
        b: refTensor(randArray(ks[0]!, 14), [ks[0]!], true),
      });
    });
  }
  it('maxPool2d (no ties) with padding and stride', () => {
    gc((x) => ad.maxPool2d(x, 3, { stride: 2, padding: 1 }), { x: refTensor(randArray(2 * 2 * 5 * 5, 15), [2, 2, 5, 5], true) });
  });
  it('avgPool2d with padding', () => {
    gc((x) => ad.avgPool2d(x, [3, 2], { stride: [2, 1], padding: [1, 1] }), { x: refTensor(randArray(2 * 6 * 5, 16), [1, 2, 6, 5], true) });
  });
  it('unfold and fold', () => {
    gc((x) => ad.unfold(x, 2, { stride: 1, padding: 1 }), { x: refTensor(randArray(2 * 3 * 3, 17), [1, 2, 3, 3], true) });
    gc((c) => ad.fold(c, [3, 3], 2, { padding: 1 }), { c: refTensor(randArray(8 * 16, 18), [1, 8, 16], true) });
  });
  it('second order: the gradient of Σ conv2d(x, w)² is differentiable again (checked by gradcheck)', () => {
    const w = refTensor(randArray(2 * 2 * 2 * 2, 19), [2, 2, 2, 2]);
    // gradcheck's finite-difference passes run under noGrad with plain inputs: turn both back on
    const f = (x: ad.Tensor<Float64Array>) =>
      ad.enableGrad(() => {
        x.requiresGrad = true;
        const y = ad.conv2d(ad.maxPool2d(x, 2, { stride: 1 }), w, null, { padding: 1 });
        const [gx] = ad.grad(ad.sum(ad.mul(y, y)), [x], { createGraph: true });
        return ad.avgPool2d(gx!, 2);
      });
    gc(f, { x: refTensor(randArray(2 * 4 * 4, 20), [1, 2, 4, 4], true) });
  });
});

describe('WASM (f32) agrees with the f64 reference', () => {
  it('conv2d → maxPool2d → avgPool2d forward and every gradient', () => {
    const xs = [3, 4, 9, 8];
    const ks = [5, 4, 3, 3];
    const xv = randArray(xs.reduce((a, b) => a * b), 21);
    const kv = randArray(ks.reduce((a, b) => a * b), 22, 0.3);
    const bv = randArray(5, 23);
    const up = randArray(3 * 5 * 2 * 2, 24);
    const run = (backend: ad.AnyBackend) => {
      const x = ad.tensor(xv, { shape: xs, backend, requiresGrad: true });
      const k = ad.tensor(kv, { shape: ks, backend, requiresGrad: true });
      const b = ad.tensor(bv, { shape: [5], backend, requiresGrad: true });
      const y = ad.avgPool2d(ad.maxPool2d(ad.conv2d(x, k, b, { stride: 1, padding: 1, dilation: [1, 2] }), 2, { padding: 1 }), 2, { stride: 2 });
      y.backward(up);
      return [y.data(), x.grad!.data(), k.grad!.data(), b.grad!.data()];
    };
    const r = run(ref);
    const w = run(wasm());
    ['out', 'dx', 'dk', 'db'].forEach((name, i) => expectClose(w[i]!, r[i]!, 1e-4, 1e-4, name));
  });
});

describe('errors name the op and the shapes', () => {
  const x = () => refTensor(randArray(2 * 3 * 5 * 5, 25), [2, 3, 5, 5]);
  it('conv2d', () => {
    expect(() => ad.conv2d(x(), refTensor(randArray(54, 1), [2, 3, 3, 3]), refTensor([1, 2, 3], [3]))).toThrow(/conv2d: bias \[3\] must have shape \[2\]/);
    expect(() => ad.conv2d(x(), refTensor(randArray(36, 1), [2, 2, 3, 3]))).toThrow(/conv2d: input \[2, 3, 5, 5\] has 3 channels, weight \[2, 2, 3, 3\] expects 2/);
    expect(() => ad.conv2d(x(), refTensor(randArray(6, 1), [2, 3]))).toThrow(/conv2d: weight must be \[O, C, kh, kw\], got \[2, 3\]/);
    expect(() => ad.conv2d(refTensor([1, 2], [2]), refTensor(randArray(54, 1), [2, 3, 3, 3]))).toThrow(/conv2d: input must be \[N, C, H, W\], got \[2\]/);
    expect(() => ad.conv2d(x(), refTensor(randArray(2 * 3 * 7 * 7, 1), [2, 3, 7, 7]))).toThrow(DescentError);
    expect(() => ad.conv2d(x(), refTensor(randArray(54, 1), [2, 3, 3, 3]), null, { stride: 0 })).toThrow(/conv2d: stride must be an integer ≥ 1/);
    expect(() => ad.conv2d(x(), refTensor(randArray(54, 1), [2, 3, 3, 3]), null, { padding: [1, -1] })).toThrow(/conv2d: padding must be an integer ≥ 0/);
    expect(() => ad.conv2d(x(), ad.tensor(randArray(54, 1), { shape: [2, 3, 3, 3], backend: wasm() }))).toThrow(/conv2d: inputs live on different backends/);
  });
  it('pooling', () => {
    expect(() => ad.maxPool2d(x(), 2, { padding: 2 })).toThrow(/maxPool2d: padding must be at most half the effective kernel/);
    expect(() => ad.avgPool2d(x(), 7)).toThrow(/avgPool2d: the kernel does not fit/);
    expect(() => ad.avgPool2d(x(), 2, { dilation: 2 } as never)).toThrow(/avgPool2d: dilation is not supported/);
  });
});
