import { describe, expect, it } from 'vitest';
import { adam, Rng, sgd } from '@descent/optim-wasm';
import { crossEntropy } from '@descent/autodiff';
import { gaussianNoise, randomHorizontalFlip, smoothOneHot, type ArrayBatch } from '@descent/regularize';
import { blobs } from '../data/synthetic.js';
import { subset } from '../data/loader.js';
import { mlp } from '../models/mlp.js';
import { fit } from './fit.js';
import { evaluate } from './evaluate.js';
import { cutmixTransform, mixupCutmixTransform, mixupTransform, type TargetTransform } from './transforms.js';
import type { FitOptions } from './types.js';

// one problem (the same blob centres) split into training and validation rows
const all = blobs({ n: 210, centers: 3, std: 2.0, features: 4, rng: 5 });
const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);
const train = subset(all, range(0, 120));
const val = subset(all, range(120, 210));
// 4×4 single-channel "images": the same blobs with 16 features, shape [1, 4, 4]
const images = { ...blobs({ n: 64, centers: 2, std: 1.0, features: 16, rng: 7 }), shape: [1, 4, 4] };

const net = (inputs = 4, outputs = 3) => mlp({ inputs, hidden: [16], outputs, rng: new Rng(3) });
const base = { epochs: 4, batchSize: 20, seed: 9 } as const;

function run(options: Partial<FitOptions>, data = train) {
  const model = net(data.features, data === images ? 2 : 3);
  const r = fit(model, data, { optimizer: sgd({ lr: 0.1, momentum: 0.9 }), ...base, ...options });
  return { r, model, history: r.history, values: [...r.arena.values.read()] };
}

describe('fit transforms', () => {
  it('same seed → bit-identical history and parameters with augmentation + Mixup; another seed differs', () => {
    const transforms = [gaussianNoise({ std: 0.1 }), mixupTransform({ alpha: 0.4 })];
    const a = run({ transforms, seed: 1 });
    const b = run({ transforms, seed: 1 });
    const c = run({ transforms, seed: 2 });
    expect(a.history).toEqual(b.history);
    expect(a.values).toEqual(b.values);
    expect(a.values).not.toEqual(c.values);
  });

  it('each transform draws from its own stream per (epoch, batch): the same draws in every run, fresh per batch', () => {
    const draws: string[][] = [[], []];
    for (const k of [0, 1]) {
      const spy = (x: ArrayBatch, rng: Rng) => {
        draws[k]!.push(rng.uniform().toFixed(12));
        return x;
      };
      // run 1 also has a transform before the spy: its draws must not shift the spy's
      run({ transforms: k === 0 ? [spy] : [(x: ArrayBatch, rng: Rng) => (rng.normal(), x), spy], epochs: 2 });
    }
    expect(draws[0]).toHaveLength(12);
    expect(new Set(draws[0]).size).toBe(12);
    // the spy is transforms[0] in run 0 and transforms[1] in run 1: different forks, so different draws
    expect(draws[0]).not.toEqual(draws[1]);
    const again: string[] = [];
    run({ transforms: [(x: ArrayBatch, rng: Rng) => (again.push(rng.uniform().toFixed(12)), x)], epochs: 2 });
    expect(again).toEqual(draws[0]);
  });

  it('zero-noise input augmentation is the identity (bit-identical to no transform)', () => {
    const plain = run({});
    const zero = run({ transforms: [gaussianNoise({ std: 0 })] });
    expect(zero.history).toEqual(plain.history);
    expect(zero.values).toEqual(plain.values);
  });

  it('Mixup changes the training loss but still learns the blobs', () => {
    const o = { validation: val, epochs: 12, optimizer: adam({ lr: 0.01 }) };
    const plain = run(o);
    const mixed = run({ ...o, transforms: [mixupTransform({ alpha: 0.4 })] });
    expect(mixed.history[0]!.trainLoss).not.toBe(plain.history[0]!.trainLoss);
    // mixed targets have entropy > 0: the mixed objective stays above the plain one at the end
    expect(mixed.history.at(-1)!.trainLoss).toBeGreaterThan(plain.history.at(-1)!.trainLoss);
    expect(mixed.history.at(-1)!.trainLoss).toBeLessThan(mixed.history[0]!.trainLoss);
    expect(mixed.history.at(-1)!.valAccuracy!).toBeGreaterThanOrEqual(Math.min(0.9, plain.history.at(-1)!.valAccuracy! - 0.03));
    // validation is never transformed: valLoss is the plain evaluation of the final model
    expect(mixed.history.at(-1)!.valLoss).toBe(evaluate(mixed.model, val).loss);
  });

  it('CutMix on an image batch sees x as [N, 1, 4, 4] and learns', () => {
    const shapes: string[] = [];
    const probe = (x: ArrayBatch) => (shapes.push(x.shape.join('x')), x);
    const r = run({ optimizer: adam({ lr: 0.01 }), transforms: [randomHorizontalFlip(), cutmixTransform({ alpha: 1 }), probe], batchSize: 16, epochs: 15, validation: images }, images);
    expect(new Set(shapes)).toEqual(new Set(['16x1x4x4']));
    expect(r.history.at(-1)!.valAccuracy!).toBeGreaterThanOrEqual(0.9);
  });

  it('soft targets: one-hot soft targets give the class-index loss; ε-smoothed ones give labelSmoothing', () => {
    const asSoft = (eps: number): TargetTransform => ({
      name: 'soft',
      apply: (b, _rng, ctx) => ({ x: b.x, y: Float32Array.from(smoothOneHot(b.y, ctx.numClasses!, eps).data) }),
    });
    const hard = run({});
    const soft = run({ transforms: [asSoft(0)] });
    const smoothed = run({ labelSmoothing: 0.2 });
    const softSmoothed = run({ transforms: [asSoft(0.2)] });
    // fused kernel vs composed log-softmax: equal up to f32 rounding
    // (the trajectories drift apart by f32 rounding over the epochs, so only the first is tight)
    expect(soft.history[0]!.trainLoss).toBeCloseTo(hard.history[0]!.trainLoss, 5);
    expect(softSmoothed.history[0]!.trainLoss).toBeCloseTo(smoothed.history[0]!.trainLoss, 5);
    hard.history.forEach((h, i) => expect(soft.history[i]!.trainLoss).toBeCloseTo(h.trainLoss, 3));
    smoothed.history.forEach((h, i) => expect(softSmoothed.history[i]!.trainLoss).toBeCloseTo(h.trainLoss, 3));
    expect(smoothed.history[0]!.trainLoss).not.toBeCloseTo(hard.history[0]!.trainLoss, 3);
  });

  it('labelSmoothing is autodiff crossEntropy(labelSmoothing) exactly, and Mixup applies it once', () => {
    const viaOption = run({ labelSmoothing: 0.1 });
    const viaLoss = run({ loss: (out, y) => crossEntropy(out, y as Int32Array, { labelSmoothing: 0.1 }) });
    expect(viaOption.history).toEqual(viaLoss.history);
    // prob 0: never mixed, the targets are the ε-smoothed one-hots (smoothing applied once, not twice)
    const unmixed = run({ labelSmoothing: 0.1, transforms: [mixupTransform({ prob: 0 })] });
    expect(unmixed.history[0]!.trainLoss).toBeCloseTo(viaOption.history[0]!.trainLoss, 5);
    viaOption.history.forEach((h, i) => expect(unmixed.history[i]!.trainLoss).toBeCloseTo(h.trainLoss, 3));
  });

  it('clear errors: odd batches for Mixup, bad transforms, CutMix on tabular rows, smoothing with mse', () => {
    expect(() => run({ transforms: [mixupTransform()], batchSize: 25 })).toThrow(/needs even batches .*batchSize 25/);
    const odd = subset(all, range(0, 45));
    expect(() => run({ transforms: [mixupTransform()], batchSize: 10 }, odd)).toThrow(/a last one of 5 \(set dropLast: true\)/);
    expect(run({ transforms: [mixupTransform()], batchSize: 10, dropLast: true, epochs: 1 }, odd).r.steps).toBe(4);
    expect(() => run({ transforms: [42 as never] })).toThrow(/transforms\[0\] must be a function/);
    expect(() => run({ transforms: [cutmixTransform()] })).toThrow(/CutMix needs an image batch \[N, C, H, W\], got \[20, 4\]/);
    expect(() => run({ labelSmoothing: 0.1, loss: 'mse' })).toThrow(/labelSmoothing 0.1 needs loss 'crossEntropy'/);
    expect(() => mixupCutmixTransform({ mixupAlpha: -1 })).toThrow(/mixupAlpha must be a finite number >= 0/);
    expect(() => run({ transforms: [mixupTransform()], shuffle: false, seed: undefined })).toThrow(/transforms draw random numbers, so seed must be/);
  });

  it('Adam + Mixup/CutMix switching on images is deterministic', () => {
    const opts = { optimizer: adam({ lr: 0.01 }), batchSize: 16, transforms: [mixupCutmixTransform({ mixupAlpha: 0.8, cutmixAlpha: 1, labelSmoothing: 0.1 })] };
    expect(run(opts, images).history).toEqual(run(opts, images).history);
  });
});
