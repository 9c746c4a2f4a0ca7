import { Rng, adam, getCore, loadCoreSync, sgd } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from '../src/index.js';

/** Two interleaved spirals-ish blobs: 3 classes, 2-D inputs, seeded. */
function dataset(n: number, seed: number) {
  const rng = new Rng(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const r = rng.uniform(0.2, 1);
    const t = c * 2.1 + r * 3 + rng.normal(0, 0.15);
    xs.push(r * Math.cos(t), r * Math.sin(t));
    ys.push(c);
  }
  return { xs, ys };
}

describe('a full training step: MLP + packModule + fused Adam', () => {
  it('the loss goes down on a small seeded problem, and one seed gives the same run twice', () => {
    const run = () => {
      const rng = new Rng(7);
      const model = new ad.Sequential(new ad.Linear(2, 32, { rng }), new ad.Tanh(), new ad.Linear(32, 32, { rng }), new ad.ReLU(), new ad.Linear(32, 3, { rng }));
      const arena = ad.packModule(model);
      const opt = adam({ lr: 0.02 });
      const state = opt.init(arena);
      const { xs, ys } = dataset(96, 1);
      const x = ad.tensor(xs, { shape: [96, 2] });
      const losses: number[] = [];
      for (let step = 0; step < 150; step++) {
        losses.push(
          ad.tidy(() => {
            arena.zeroGrad();
            const loss = ad.crossEntropy(model.forward(x), ys);
            loss.backward();
            opt.step(arena, state);
            return loss.item();
          }),
        );
      }
      const acc = ad.tidy(() => {
        const pred = ad.argmax(ad.noGrad(() => model.forward(x)), 1);
        return ys.filter((y, i) => pred[i] === y).length / ys.length;
      });
      x.dispose();
      arena.free();
      return { losses, acc };
    };
    const a = run();
    expect(a.losses[0]).toBeGreaterThan(0.9); // ≈ ln 3 at init
    expect(a.losses.at(-1)!).toBeLessThan(0.35 * a.losses[0]!);
    const firstTen = a.losses.slice(0, 10).reduce((s, v) => s + v) / 10;
    const lastTen = a.losses.slice(-10).reduce((s, v) => s + v) / 10;
    expect(lastTen).toBeLessThan(firstTen);
    expect(a.acc).toBeGreaterThan(0.9);
    expect(run().losses).toEqual(a.losses); // deterministic per seed
  });

  it('a CNN step with SGD lowers the loss on a fixed batch', () => {
    const rng = new Rng(3);
    const model = new ad.Sequential(new ad.Conv2d(1, 4, 3, { rng, padding: 1 }), new ad.ReLU(), new ad.MaxPool2d(2), new ad.Flatten(), new ad.Linear(4 * 4 * 4, 2, { rng }));
    const arena = ad.packModule(model);
    const opt = sgd({ lr: 0.1, momentum: 0.9 });
    const state = opt.init(arena);
    const x = ad.randn([8, 1, 8, 8], new Rng(4));
    const y = [0, 1, 0, 1, 1, 0, 1, 0];
    const losses = Array.from({ length: 30 }, () =>
      ad.tidy(() => {
        arena.zeroGrad();
        const loss = ad.crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step(arena, state);
        return loss.item();
      }),
    );
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
    x.dispose();
    arena.free();
  });
});

describe('memory: 1,000 training steps inside tidy hold WASM memory flat', () => {
  it('heapTop, memoryBytes and liveBytes are constant after warm-up', () => {
    const core = loadCoreSync(); // a private core: other tests cannot disturb its counters
    const backend = ad.wasmBackend(core);
    const rng = new Rng(11);
    const o = { rng, backend };
    const model = new ad.Sequential(new ad.Linear(16, 32, o), new ad.ReLU(), new ad.Linear(32, 32, o), new ad.GELU(), new ad.Linear(32, 4, o));
    const arena = ad.packModule(model, core);
    const opt = adam({ lr: 1e-3 });
    const state = opt.init(arena);
    const x = ad.randn([64, 16], rng, { backend });
    const y = Array.from({ length: 64 }, (_, i) => i % 4);
    const step = () =>
      ad.tidy(() => {
        arena.zeroGrad();
        const loss = ad.crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step(arena, state);
        return loss.item();
      }, backend);
    for (let i = 0; i < 5; i++) step();
    const top = core.heapTop;
    const bytes = core.memoryBytes;
    const live = core.liveBytes;
    const grows = core.growCount;
    let last = 0;
    for (let i = 0; i < 1000; i++) {
      last = step();
      if (core.heapTop !== top || core.liveBytes !== live) expect.fail(`step ${i}: heapTop ${top} → ${core.heapTop}, liveBytes ${live} → ${core.liveBytes}`);
    }
    expect(core.memoryBytes).toBe(bytes);
    expect(core.growCount).toBe(grows);
    expect(Number.isFinite(last)).toBe(true);
    expect(state.step).toBe(1005);
    expect(getCore()).not.toBe(core);
  });
});
