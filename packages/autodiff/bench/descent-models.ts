// descent's side of the `mlp` suite: the model, one training step (forward, cross-entropy,
// backward, fused Adam) inside `tidy`, and a check that WASM memory stays flat across steps.
import { adam, Rng, setDefaultCore, type Core } from '@descent/optim-wasm';
import { benchData } from '../../optim-wasm/bench/peers.js';
import { modelArena } from '../../train/src/fit/arena.js';
import { FitSession } from '../../train/src/fit/session.js';
import * as ad from '../src/index.js';

export interface StepBench {
  step: () => void;
  /** Steps whose heapTop differed from the one after the first step (0 = flat). */
  memoryDrift: () => { steps: number; drifted: number; heapTop: number };
  dispose: () => void;
}

export const MLP = { batch: 128, sizes: [784, 256, 256, 10] } as const;
export const CNN = { batch: 64, inC: 8, outC: 16, hw: 28, classes: 10 } as const;

export function labels(n: number, classes: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 7) % classes);
}

/** Counts steps whose heapTop differs from the one after the first step. */
function driftWatch(core: Core): { after: () => void; memoryDrift: StepBench['memoryDrift'] } {
  let steps = 0;
  let drifted = 0;
  let top = -1;
  return {
    after: () => {
      steps++;
      if (top < 0) top = core.heapTop;
      else if (core.heapTop !== top) drifted++;
    },
    memoryDrift: () => ({ steps, drifted, heapTop: top }),
  };
}

function stepBench(core: Core, model: ad.Module, xShape: number[], xData: Float32Array, y: number[]): StepBench {
  const backend = ad.wasmBackend(core);
  const arena = ad.packModule(model, core);
  const opt = adam({ lr: 1e-3 });
  const state = opt.init(arena);
  const x = ad.tensor(xData, { shape: xShape, backend });
  const watch = driftWatch(core);
  return {
    step: () => {
      ad.tidy(() => {
        arena.zeroGrad();
        const loss = ad.crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step(arena, state);
      }, backend);
      watch.after();
    },
    memoryDrift: watch.memoryDrift,
    dispose: () => {
      x.dispose();
      arena.free();
    },
  };
}

/** MLP 784-256-256-10 ReLU (PyTorch default init), batch 128. */
export function descentMlp(core: Core, xData: Float32Array): StepBench {
  const o = { rng: new Rng(0), backend: ad.wasmBackend(core) };
  const [i, h1, h2, c] = MLP.sizes;
  const model = new ad.Sequential(new ad.Linear(i, h1, o), new ad.ReLU(), new ad.Linear(h1, h2, o), new ad.ReLU(), new ad.Linear(h2, c, o));
  return stepBench(core, model, [MLP.batch, i], xData, labels(MLP.batch, c));
}

/** conv 3×3 (8→16, padding 1) → ReLU → maxPool 2 → Flatten → Linear(16·14·14 → 10), batch 64. */
export function descentCnn(core: Core, xData: Float32Array): StepBench {
  const o = { rng: new Rng(0), backend: ad.wasmBackend(core) };
  const half = CNN.hw / 2;
  const model = new ad.Sequential(
    new ad.Conv2d(CNN.inC, CNN.outC, 3, { ...o, padding: 1 }),
    new ad.ReLU(),
    new ad.MaxPool2d(2),
    new ad.Flatten(),
    new ad.Linear(CNN.outC * half * half, CNN.classes, o),
  );
  return stepBench(core, model, [CNN.batch, CNN.inC, CNN.hw, CNN.hw], xData, labels(CNN.batch, CNN.classes));
}

/**
 * The same MLP and Adam trained by train's `fit` loop (a FitSession, one `step()` per call) on
 * `rows` rows in batches of MLP.batch, shuffled each epoch, guard on: what a user runs. Its
 * overhead over the bare step is row gathering, the loss read-back, the non-finite checks and
 * the once-per-epoch guard copy. Runs on the default core (set to `core`).
 */
export function descentFitMlp(core: Core, rows: number): StepBench {
  setDefaultCore(core);
  const o = { rng: new Rng(0), backend: ad.wasmBackend(core) };
  const [i, h1, h2, c] = MLP.sizes;
  const model = new ad.Sequential(new ad.Linear(i, h1, o), new ad.ReLU(), new ad.Linear(h1, h2, o), new ad.ReLU(), new ad.Linear(h2, c, o));
  const data = { x: benchData(rows * i, 3), y: Int32Array.from(labels(rows, c)), n: rows, features: i };
  // one module instance at run time (the source condition); the cast bridges dist and src typings
  const session = new FitSession(model as never, data, { optimizer: adam({ lr: 1e-3 }), epochs: 1e9, batchSize: MLP.batch, seed: 0 });
  const watch = driftWatch(core);
  return {
    step: () => {
      if (session.step() === null || session.error) throw new Error(`bench: fit stopped: ${session.error?.message ?? session.stopReason}`);
      watch.after();
    },
    memoryDrift: watch.memoryDrift,
    dispose: () => {
      session.finish();
      modelArena(model as never).free();
    },
  };
}
