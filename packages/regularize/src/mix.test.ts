import { readFileSync } from 'node:fs';
import { crossEntropy, gradcheck, referenceBackend, tensor, Tensor, wasmBackend } from '@descent/autodiff';
import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import type { ArrayBatch } from './batch.js';
import { mixTargets, smoothOneHot } from './label-smoothing.js';
import { cutmix, cutmixBox, cutmixLam, mixup, reversedPermutation } from './mix.js';
import { mixupCutmix } from './mixup-cutmix.js';

type FT = { shape: number[]; data: number[] };
const cases = (JSON.parse(readFileSync(new URL('../../../fixtures/public/augmentation_mix.json', import.meta.url), 'utf8')) as { cases: any[] }).cases;
const ref = referenceBackend();
const f64 = (ft: FT): ArrayBatch => ({ data: Float64Array.from(ft.data), shape: ft.shape });

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-12, atol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(expected[i]!));
}

describe('label smoothing, Mixup, CutMix against the timm fixtures (f64)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const i = c.inputs;
    const k = c.attrs.num_classes as number;
    const s = (c.attrs.smoothing ?? 0) as number;
    const target = i.target.data as number[];
    if (c.op === 'label_smoothing') {
      const y = smoothOneHot(target, k, s);
      expect(y.shape).toEqual(c.expected.y.shape);
      close(y.data, c.expected.y.data);
    } else if (c.op === 'mixup') {
      const r = mixup(f64(i.x), target, { lam: i.lam, perm: i.perm.data, numClasses: k, smoothing: s });
      close(r.x.data, c.expected.x.data);
      close(r.y.data, c.expected.y.data);
      expect(r.lam).toBe(i.lam);
    } else {
      const r = cutmix(f64(i.x), target, { lam: i.lam, center: i.center, perm: i.perm.data, numClasses: k, smoothing: s });
      expect(r.box).toEqual(c.expected.box);
      expect(r.lam).toBeCloseTo(c.expected.lam_effective, 15);
      close(r.x.data, c.expected.x.data);
      close(r.y.data, c.expected.y.data);
    }
  });

  it('variant 0 of mixup uses the reversed batch, which is the default', () => {
    const c = cases.find((x) => x.id === 'augmentation_mix/mixup/v0');
    expect(Array.from(reversedPermutation(4))).toEqual(c.inputs.perm.data);
    const r = mixup(f64(c.inputs.x), c.inputs.target.data, { lam: c.inputs.lam, numClasses: 3 });
    close(r.x.data, c.expected.x.data);
  });
});

describe('soft targets', () => {
  it('cross-entropy on smoothed one-hots equals crossEntropy(labelSmoothing)', () => {
    const logits = tensor([[0.3, -1.2, 0.7, 2], [1.5, -0.4, 0.9, 0.1], [0, 0.2, -0.3, 0.4]], { backend: ref });
    const y = smoothOneHot([3, 0, 2], 4, 0.15);
    const soft = crossEntropy(logits, tensor(y.data, { shape: y.shape, backend: ref }) as Tensor);
    expect(soft.item()).toBeCloseTo(crossEntropy(logits, [3, 0, 2], { labelSmoothing: 0.15 }).item(), 13);
  });

  it('soft-target cross-entropy (Mixup targets) passes gradcheck', () => {
    const y = mixTargets([1, 2, 0], 3, 0.7, [2, 1, 0], 0.1);
    const r = gradcheck((logits) => crossEntropy(logits, tensor(y.data, { shape: y.shape }) as Tensor), { logits: [[0.3, -1.2, 0.7], [1.5, -0.4, 0.9], [0.2, 0.1, -0.5]] });
    expect(r.ok, r.message).toBe(true);
  });

  it('targets of a mix always sum to 1 and labels are not changed', () => {
    const target = [0, 1, 2, 3];
    const y = mixTargets(target, 4, 0.3, [1, 2, 3, 0], 0.2);
    for (let n = 0; n < 4; n++) expect(y.data.subarray(n * 4, n * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(target).toEqual([0, 1, 2, 3]);
  });
});

describe('CutMix box rule', () => {
  it('clips at the border and corrects λ to the real area', () => {
    expect(cutmixBox(6, 6, 0.6, [2, 4])).toEqual({ y0: 1, y1: 3, x0: 3, x1: 5 });
    const box = cutmixBox(8, 8, 0.1, [0, 7]); // r ≈ 0.95, cut 7 → ±3, clipped
    expect(box).toEqual({ y0: 0, y1: 3, x0: 4, x1: 8 });
    expect(cutmixLam(box, 8, 8)).toBeCloseTo(1 - 12 / 64, 15);
    expect(cutmixBox(5, 5, 1, [2, 2])).toEqual({ y0: 2, y1: 2, x0: 2, x1: 2 });
  });

  it('keeps the kind of batch: Tensor in → Tensor out (same backend), Float32Array in → Float32Array out', () => {
    const x = tensor(Array.from({ length: 2 * 1 * 4 * 4 }, (_, i) => i), { shape: [2, 1, 4, 4], backend: wasmBackend() });
    const r = cutmix(x, [0, 1], { lam: 0.5, center: [2, 2], numClasses: 2 });
    expect(r.x).toBeInstanceOf(Tensor);
    expect(r.x.backend).toBe(x.backend);
    expect(r.y.shape).toEqual([2, 2]);
    const a = mixup({ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] }, [0, 1], { lam: 0.25, numClasses: 2 });
    expect(a.x.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.x.data)).toEqual([0.25 * 1 + 0.75 * 3, 0.25 * 2 + 0.75 * 4, 0.25 * 3 + 0.75 * 1, 0.25 * 4 + 0.75 * 2]);
  });
});

describe('mixupCutmix (seeded timm Mixup)', () => {
  const images = (n: number) => ({ data: Float64Array.from({ length: n * 2 * 4 * 4 }, (_, i) => Math.sin(i)), shape: [n, 2, 4, 4] });

  it('is deterministic for a seed', () => {
    const run = (seed: number) => {
      const mix = mixupCutmix({ mixupAlpha: 0.8, cutmixAlpha: 1, numClasses: 3 }, new Rng(seed));
      return [0, 1, 2].map(() => mix(images(4), [0, 1, 2, 0]));
    };
    const a = run(1);
    const b = run(1);
    a.forEach((r, i) => {
      expect(r.kind).toBe(b[i]!.kind);
      expect(r.lam).toBe(b[i]!.lam);
      expect(Array.from(r.x.data)).toEqual(Array.from(b[i]!.x.data));
    });
    expect(run(2).map((r) => r.lam)).not.toEqual(a.map((r) => r.lam));
  });

  it('λ ~ Beta(α, α): mean 1/2, variance 1/(4(2α + 1)); switchProb picks CutMix at its rate', () => {
    const alpha = 0.4;
    const mix = mixupCutmix({ mixupAlpha: alpha, cutmixAlpha: alpha, switchProb: 0.3, labelSmoothing: 0, numClasses: 2 }, new Rng(7));
    const lams: number[] = [];
    let cut = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const r = mix({ data: new Float64Array(2 * 1 * 2 * 2), shape: [2, 1, 2, 2] }, [0, 1]);
      if (r.kind === 'mixup') lams.push(r.lam);
      else cut++;
    }
    const m = lams.reduce((a, b) => a + b, 0) / lams.length;
    const v = lams.reduce((a, b) => a + (b - m) ** 2, 0) / lams.length;
    const sdMean = Math.sqrt(1 / (4 * (2 * alpha + 1)) / lams.length);
    expect(Math.abs(m - 0.5)).toBeLessThan(5 * sdMean);
    expect(Math.abs(v - 1 / (4 * (2 * alpha + 1)))).toBeLessThan(0.02);
    expect(Math.abs(cut / trials - 0.3)).toBeLessThan(5 * Math.sqrt(0.21 / trials));
  });

  it('CutMix λ equals the unpasted area; prob 0 returns smoothed one-hots and the same batch', () => {
    const mix = mixupCutmix({ mixupAlpha: 0, cutmixAlpha: 1, numClasses: 3, labelSmoothing: 0 }, new Rng(3));
    for (let t = 0; t < 20; t++) {
      const r = mix(images(2), [0, 1]);
      expect(r.kind === 'cutmix' || r.lam === 1).toBe(true);
      if (r.box) expect(r.lam).toBeCloseTo(cutmixLam(r.box, 4, 4), 15);
    }
    const none = mixupCutmix({ prob: 0, numClasses: 3, labelSmoothing: 0.3 }, new Rng(3))(images(2), [2, 0]);
    expect(none.kind).toBe('none');
    expect(Array.from(none.x.data)).toEqual(Array.from(images(2).data));
    close(none.y.data, smoothOneHot([2, 0], 3, 0.3).data);
  });

  it('errors: odd batch, bad α, ε outside [0, 1], λ outside [0, 1], bad perm and targets', () => {
    const mix = mixupCutmix({ numClasses: 3 }, new Rng(0));
    expect(() => mix(images(3), [0, 1, 2])).toThrow(/mixupCutmix: batch size must be even for reversed-batch pairing, got N = 3/);
    expect(() => mixupCutmix({ numClasses: 3, mixupAlpha: -1 }, new Rng(0))).toThrow(/mixupAlpha must be a finite number >= 0, got -1/);
    expect(() => mixupCutmix({ numClasses: 3, labelSmoothing: 1.5 }, new Rng(0))).toThrow(/labelSmoothing ε must be in \[0, 1\], got 1.5/);
    expect(() => smoothOneHot([0], 2, -0.1)).toThrow(/smoothOneHot: smoothing ε must be in \[0, 1\], got -0.1/);
    expect(() => smoothOneHot([2], 2, 0)).toThrow(/target 2 at index 0 is not a class in \[0, 2\)/);
    expect(() => mixup(images(2), [0, 1], { lam: 1.2, numClasses: 2 })).toThrow(/mixup: lam must be in \[0, 1\], got 1.2/);
    expect(() => mixup(images(2), [0, 1], { lam: 0.5, perm: [0, 2], numClasses: 2 })).toThrow(/perm\[1\] = 2 is not a batch index/);
    expect(() => mixup(images(2), [0], { lam: 0.5, numClasses: 2 })).toThrow(/mixup: 1 targets for a batch of 2/);
    expect(() => cutmix({ data: new Float64Array(4), shape: [2, 2] }, [0, 1], { lam: 0.5, center: [0, 0], numClasses: 2 })).toThrow(/cutmix: expected an image batch \[N, C, H, W\], got \[2, 2\]/);
    expect(() => cutmix(images(2), [0, 1], { lam: 0.5, numClasses: 2 })).toThrow(DescentError);
  });
});
