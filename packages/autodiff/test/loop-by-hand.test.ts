// A training loop by hand (the README's first half, with assertions): the loss falls and WASM memory stays flat.
import { describe, expect, it } from 'vitest';
import { adam, loadCoreSync, Rng, setDefaultCore } from '@descent/optim-wasm';
import { crossEntropy, Linear, packParameters, ReLU, Sequential, tensor, tidy } from '../src/index.js';

describe('a training loop by hand', () => {
  it('trains an MLP with one fused Adam call per step, and the loss falls', () => {
    const core = setDefaultCore(loadCoreSync());
    const rng = new Rng(0);
    const model = new Sequential(new Linear(64, 128, { rng }), new ReLU(), new Linear(128, 10, { rng }));
    const arena = packParameters(model.parameters());
    const opt = adam({ lr: 1e-3 });
    const state = opt.init(arena);
    // A learnable toy task: the class is the index of the largest of the first 10 features.
    const data = new Rng(1);
    const batches = Array.from({ length: 4 }, () => {
      const xs = new Float32Array(32 * 64).map(() => data.normal());
      const ys = Array.from({ length: 32 }, (_, i) => {
        const row = xs.subarray(i * 64, i * 64 + 10);
        return row.indexOf(Math.max(...row));
      });
      return [tensor(xs, { shape: [32, 64] }), ys] as const;
    });
    const losses: number[] = [];
    const heap: number[] = [];
    for (let epoch = 0; epoch < 30; epoch++) {
      for (const [x, y] of batches) {
        losses.push(tidy(() => {
          const loss = crossEntropy(model.forward(x), y);
          loss.backward();
          return loss.item();
        }));
        opt.step(arena, state);
        arena.zeroGrad();
      }
      heap.push(core.heapTop);
    }
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.5);
    expect(new Set(heap.slice(1)).size).toBe(1); // steady state: no new WASM memory per step
  });
});
