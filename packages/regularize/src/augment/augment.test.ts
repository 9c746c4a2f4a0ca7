import { tensor, Tensor, wasmBackend } from '@descent/autodiff';
import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import type { ArrayBatch } from '../batch.js';
import { compose } from './compose.js';
import { randomCrop, randomTranslation } from './crop.js';
import { cutout, randomErasing } from './erase.js';
import { randomHorizontalFlip, randomVerticalFlip } from './flip.js';
import { featureJitter, gaussianNoise } from './noise.js';
import { randomRotation, rotatePlane } from './rotate.js';

/** A batch [n, c, h, w] with value 1000·n + 100·c + 10·y + x (every pixel identifiable). */
function grid(n: number, c: number, h: number, w: number): ArrayBatch {
  const data = new Float64Array(n * c * h * w);
  let k = 0;
  for (let i = 0; i < n; i++) for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[k++] = 1000 * i + 100 * ch + 10 * y + x;
  return { data, shape: [n, c, h, w] };
}
const px = (b: ArrayBatch, i: number, ch: number, y: number, x: number) => {
  const [, c, h, w] = b.shape as number[];
  return b.data[((i * c! + ch) * h! + y) * w! + x]!;
};

describe('flips', () => {
  it('p = 1 mirrors every image exactly; flipping twice is the identity; labels are not an input', () => {
    const b = grid(2, 2, 3, 4);
    const h = randomHorizontalFlip({ p: 1 })(b, new Rng(0));
    expect(px(h, 1, 1, 2, 0)).toBe(px(b, 1, 1, 2, 3));
    const v = randomVerticalFlip({ p: 1 })(b, new Rng(0));
    expect(px(v, 0, 1, 0, 1)).toBe(px(b, 0, 1, 2, 1));
    expect(Array.from(randomHorizontalFlip({ p: 1 })(h, new Rng(5)).data)).toEqual(Array.from(b.data));
    expect(Array.from(randomVerticalFlip({ p: 0 })(b, new Rng(0)).data)).toEqual(Array.from(b.data));
  });

  it('p = 0.5 flips about half of the images, per image, seeded', () => {
    const b = grid(400, 1, 1, 2);
    const out = randomHorizontalFlip()(b, new Rng(3));
    let flipped = 0;
    for (let i = 0; i < 400; i++) if (px(out, i, 0, 0, 0) !== px(b, i, 0, 0, 0)) flipped++;
    expect(Math.abs(flipped / 400 - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 400));
    expect(Array.from(randomHorizontalFlip()(b, new Rng(3)).data)).toEqual(Array.from(out.data));
  });
});

describe('crop and translation', () => {
  it('padding 0 and full size is the identity; every crop is a shifted window of the padded image', () => {
    const b = grid(3, 2, 5, 6);
    expect(Array.from(randomCrop()(b, new Rng(0)).data)).toEqual(Array.from(b.data));
    const rng = new Rng(8);
    const probe = rng.clone();
    const out = randomCrop({ padding: 2 })(b, rng);
    for (let i = 0; i < 3; i++) {
      const top = probe.int(0, 5);
      const left = probe.int(0, 5);
      for (let y = 0; y < 5; y++) {
        for (let x = 0; x < 6; x++) {
          const sy = y + top - 2;
          const sx = x + left - 2;
          const want = sy >= 0 && sy < 5 && sx >= 0 && sx < 6 ? px(b, i, 1, sy, sx) : 0;
          expect(px(out, i, 1, y, x)).toBe(want);
        }
      }
    }
  });

  it('output size, reflect and edge padding', () => {
    const b = grid(1, 1, 4, 4);
    const out = randomCrop({ size: [2, 3] })(b, new Rng(1));
    expect(out.shape).toEqual([1, 1, 2, 3]);
    // padding 1 + size 6 forces top = left = 0: the full padded image
    const r = randomCrop({ size: [6, 6], padding: 1, paddingMode: 'reflect' })(b, new Rng(0));
    expect(px(r, 0, 0, 0, 0)).toBe(px(b, 0, 0, 1, 1));
    expect(px(r, 0, 0, 5, 5)).toBe(px(b, 0, 0, 2, 2));
    const e = randomCrop({ size: [6, 6], padding: 1, paddingMode: 'edge' })(b, new Rng(0));
    expect(px(e, 0, 0, 0, 3)).toBe(px(b, 0, 0, 0, 2));
    const c = randomCrop({ size: [6, 6], padding: 1, fill: -1 })(b, new Rng(0));
    expect(px(c, 0, 0, 0, 3)).toBe(-1);
    expect(() => randomCrop({ size: [9, 9], padding: 2 })(b, new Rng(0))).toThrow(/randomCrop: size \[9, 9\] does not fit an image of 4×4 padded by 2/);
    expect(() => randomCrop({ padding: -1 })).toThrow(/padding must be a non-negative integer/);
  });

  it('translation shifts by at most a·W, b·H with fill', () => {
    const b = grid(50, 1, 10, 10);
    const out = randomTranslation({ translate: [0.2, 0.1], fill: -5 })(b, new Rng(2));
    for (let i = 0; i < 50; i++) {
      // find the shift from a pixel that stays inside: the centre
      let found = false;
      for (let ty = -1; ty <= 1 && !found; ty++) {
        for (let tx = -2; tx <= 2 && !found; tx++) {
          if (px(out, i, 0, 5, 5) === px(b, i, 0, 5 - ty, 5 - tx)) found = true;
        }
      }
      expect(found).toBe(true);
    }
    expect(() => randomTranslation({ translate: [1.5, 0] })).toThrow(DescentError);
  });
});

describe('rotation', () => {
  it('θ = π/2 (nearest and bilinear) on an odd square image is an exact rot90, counter-clockwise', () => {
    const b = grid(1, 1, 5, 5);
    for (const bilinear of [false, true]) {
      const out = new Float64Array(25);
      rotatePlane(Float64Array.from(b.data), out, 0, 5, 5, Math.PI / 2, bilinear, 0);
      for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) expect(out[y * 5 + x]).toBeCloseTo(b.data[x * 5 + (4 - y)]!, 9);
    }
  });

  it('degrees 0 is the identity; bilinear interpolates linearly along an axis-aligned ramp', () => {
    const b = grid(2, 1, 6, 6);
    expect(Array.from(randomRotation({ degrees: 0 })(b, new Rng(0)).data)).toEqual(Array.from(b.data));
    const out = randomRotation({ degrees: 10 })(b, new Rng(4));
    expect(out.shape).toEqual(b.shape);
    // interior values of a linear ramp stay on a linear function after rotation (bilinear is exact on affine data)
    const c = px(out, 0, 0, 3, 3) - px(out, 0, 0, 2, 2);
    const d = px(out, 0, 0, 4, 4) - px(out, 0, 0, 3, 3);
    expect(c).toBeCloseTo(d, 9);
    expect(() => randomRotation({ degrees: 200 })).toThrow(/randomRotation: degrees must be in \[0, 180\], got 200/);
  });
});

describe('erasing and cutout', () => {
  it('random erasing writes one rectangle of the value across channels, area within the scale range', () => {
    const b = { data: new Float64Array(200 * 3 * 16 * 16).fill(1), shape: [200, 3, 16, 16] };
    const out = randomErasing({ p: 1, scale: [0.05, 0.2], value: 0 })(b, new Rng(6));
    for (let i = 0; i < 200; i++) {
      const plane = (ch: number) => out.data.subarray((i * 3 + ch) * 256, (i * 3 + ch + 1) * 256);
      const zeros = plane(0).filter((v) => v === 0).length;
      expect(Array.from(plane(1))).toEqual(Array.from(plane(0)));
      expect(zeros).toBeGreaterThan(0);
      expect(zeros / 256).toBeLessThan(0.2 * 1.35); // rounding of the sides
    }
    expect(Array.from(randomErasing({ p: 0 })(b, new Rng(6)).data)).toEqual(Array.from(b.data));
  });

  it('cutout clips its square at the border', () => {
    const b = { data: new Float64Array(100 * 8 * 8).fill(1), shape: [100, 1, 8, 8] };
    const out = cutout({ size: 4 })(b, new Rng(1));
    for (let i = 0; i < 100; i++) {
      const z = Array.from(out.data.subarray(i * 64, (i + 1) * 64)).filter((v) => v === 0).length;
      expect(z).toBeGreaterThanOrEqual(4);
      expect(z).toBeLessThanOrEqual(16);
    }
  });
});

describe('noise transforms', () => {
  it('gaussianNoise: mean and std of the added noise, clip', () => {
    const n = 60_000;
    const out = gaussianNoise({ std: 0.5, mean: 0.1 })({ data: new Float64Array(n), shape: [n] }, new Rng(1));
    const m = out.data.reduce((a, b) => a + b, 0) / n;
    const s = Math.sqrt(out.data.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    expect(Math.abs(m - 0.1)).toBeLessThan((5 * 0.5) / Math.sqrt(n));
    expect(Math.abs(s - 0.5)).toBeLessThan((5 * 0.5) / Math.sqrt(2 * n));
    const c = gaussianNoise({ std: 3, clip: [0, 1] })({ data: new Float64Array(1000).fill(0.5), shape: [1000] }, new Rng(1));
    expect(Math.min(...c.data)).toBe(0);
    expect(Math.max(...c.data)).toBe(1);
  });

  it('featureJitter scales the noise per column', () => {
    const n = 20_000;
    const out = featureJitter({ std: 0.1, scale: [1, 10, 0] })({ data: new Float64Array(n * 3), shape: [n, 3] }, new Rng(2));
    const col = (j: number) => Array.from({ length: n }, (_, i) => out.data[i * 3 + j]!);
    const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length);
    expect(sd(col(0))).toBeCloseTo(0.1, 2);
    expect(sd(col(1))).toBeCloseTo(1, 1);
    expect(sd(col(2))).toBe(0);
    expect(() => featureJitter({ std: 0.1 })({ data: new Float64Array(8), shape: [2, 2, 2] }, new Rng(0))).toThrow(/featureJitter: expected a tabular batch \[N, F\], got \[2, 2, 2\]/);
    expect(() => featureJitter({ std: 0.1, scale: [1] })({ data: new Float64Array(4), shape: [2, 2] }, new Rng(0))).toThrow(/scale has 1 entries for 2 features/);
  });
});

describe('compose, determinism and batch kinds', () => {
  const augment = compose(randomCrop({ padding: 2 }), randomHorizontalFlip(), randomRotation({ degrees: 5 }), randomErasing(), gaussianNoise({ std: 0.01 }));

  it('same seed → same batch, different seed → different batch', () => {
    const b = grid(4, 3, 8, 8);
    const a1 = augment(b, new Rng(10));
    expect(Array.from(augment(b, new Rng(10)).data)).toEqual(Array.from(a1.data));
    expect(Array.from(augment(b, new Rng(11)).data)).not.toEqual(Array.from(a1.data));
    expect(Array.from(b.data)).toEqual(Array.from(grid(4, 3, 8, 8).data)); // input untouched
  });

  it('Tensor in → Tensor out on its backend; Float32Array in → Float32Array out', () => {
    const b = grid(2, 1, 4, 4);
    const t = tensor(b.data, { shape: b.shape, backend: wasmBackend() });
    const out = augment(t, new Rng(1));
    expect(out).toBeInstanceOf(Tensor);
    expect(out.backend).toBe(t.backend);
    expect(out.shape).toEqual([2, 1, 4, 4]);
    const f = augment({ data: Float32Array.from(b.data), shape: b.shape }, new Rng(1));
    expect(f.data).toBeInstanceOf(Float32Array);
  });

  it('rejects non-image batches and non-functions', () => {
    expect(() => randomHorizontalFlip()({ data: new Float64Array(4), shape: [2, 2] }, new Rng(0))).toThrow(/randomHorizontalFlip: expected an image batch \[N, C, H, W\], got \[2, 2\]/);
    expect(() => randomHorizontalFlip()({ data: new Float64Array(3), shape: [2, 2] }, new Rng(0))).toThrow(/batch data has 3 values, shape \[2, 2\] needs 4/);
    expect(() => compose(randomHorizontalFlip(), 3 as never)).toThrow(/compose: transform 1 is not a function/);
    expect(() => randomHorizontalFlip({ p: 2 })).toThrow(/p must be in \[0, 1\], got 2/);
  });
});
