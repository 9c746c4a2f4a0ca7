// Suite `lecture`: whole training runs of the size a course exercise has, wall time per run.
// descent's `fit` (train) against tfjs-layers' `model.fit` on the tfjs-wasm backend, same data,
// architecture, optimizer, batch size and epochs:
//   digits 64-128-10 ReLU, Adam 1e-3, batch 32 × 30 epochs (1797 rows);
//   two moons 2-32-32-2 tanh, SGD lr 0.1 momentum 0.9, batch 16 × 200 epochs (1000 rows).
// Contenders are a list per case (`lectureContenders`), so more (threads, workers) slot in.
import '@tensorflow/tfjs-layers';
import { adam, Rng, setDefaultCore, sgd, type Core, type Optimizer } from '@descent/optim-wasm';
import { loadDigits } from '../../train/src/data/bundled-node.js';
import { moons } from '../../train/src/data/synthetic.js';
import { fit } from '../../train/src/fit/fit.js';
import { mlp } from '../../train/src/models/mlp.js';
import type { Dataset } from '../../train/src/data/dataset.js';
import type { ContenderName } from '../../optim-wasm/bench/harness.js';
import { descentBuilds, loadTf, type Tf } from '../../optim-wasm/bench/peers.js';
import type { AsyncBenchCase, AsyncContender } from './async-case.js';

type TfTensor = import('@tensorflow/tfjs-core').Tensor;

interface Lecture {
  name: string;
  data: () => Dataset;
  hidden: number[];
  activation: 'relu' | 'tanh';
  optimizer: 'adam' | 'sgd-momentum';
  lr: number;
  batchSize: number;
  epochs: number;
}

export const LECTURES: Lecture[] = [
  { name: 'digits mlp 64-128-10 adam b32 × 30 epochs', data: () => loadDigits(), hidden: [128], activation: 'relu', optimizer: 'adam', lr: 1e-3, batchSize: 32, epochs: 30 },
  {
    name: 'two moons mlp 2-32-32-2 tanh sgd-momentum b16 × 200 epochs',
    data: () => moons({ n: 1000, noise: 0.2, rng: 0 }),
    hidden: [32, 32],
    activation: 'tanh',
    optimizer: 'sgd-momentum',
    lr: 0.1,
    batchSize: 16,
    epochs: 200,
  },
];

function descentOptimizer(l: Lecture): Optimizer<any> {
  return l.optimizer === 'adam' ? adam({ lr: l.lr }) : sgd({ lr: l.lr, momentum: 0.9 });
}

/** descent: `fit` from a fresh model on one core build (threads, fast), the whole run per call. */
function descentFit(l: Lecture, d: Dataset, name: ContenderName, core: Core): AsyncContender {
  let seed = 0;
  return {
    name,
    run: () => {
      setDefaultCore(core); // models and fit use the default core's backend
      const model = mlp({ inputs: d.features, hidden: l.hidden, outputs: d.classes ?? 2, activation: l.activation, rng: new Rng(seed) });
      const r = fit(model, d, { optimizer: descentOptimizer(l), epochs: l.epochs, batchSize: l.batchSize, seed: seed++ });
      if (r.error) throw r.error;
      r.arena.free();
    },
  };
}

/** tfjs-wasm: `tf.sequential` + `model.fit` (shuffled, no validation, verbose 0), the whole run per call. */
async function tfjsFit(tf: Tf, l: Lecture, d: Dataset): Promise<AsyncContender> {
  const tfl = await import('@tensorflow/tfjs-layers');
  await tf.setBackend('wasm');
  const classes = d.classes ?? 2;
  const x = tf.tensor2d(d.x, [d.n, d.features]);
  const y = tf.oneHot(tf.tensor1d(d.y as Int32Array, 'int32'), classes);
  return {
    name: 'tfjs-wasm',
    before: () => void tf.setBackend('wasm'),
    run: async () => {
      const layers = [...l.hidden.map((units, i) => tfl.layers.dense({ units, activation: l.activation, ...(i === 0 ? { inputShape: [d.features] } : {}) })), tfl.layers.dense({ units: classes })];
      const model = tfl.sequential({ layers });
      const optimizer = l.optimizer === 'adam' ? tf.train.adam(l.lr) : tf.train.momentum(l.lr, 0.9);
      model.compile({ optimizer, loss: (yt: TfTensor, yp: TfTensor) => tf.losses.softmaxCrossEntropy(yt, yp) });
      await model.fit(x, y, { epochs: l.epochs, batchSize: l.batchSize, shuffle: true, verbose: 0 });
      model.dispose();
      optimizer.dispose();
    },
    dispose: () => tf.dispose([x, y]),
  };
}

/** The contenders of a lecture case; add new ones (threads, workers) here. */
export async function lectureContenders(l: Lecture, notes: string[]): Promise<AsyncContender[]> {
  const d = l.data();
  // descent-fit, descent-fit-t2, descent-fit-fast, descent-fit-fast-t2: one per core build
  const out: AsyncContender[] = descentBuilds().map(([n, core]) => descentFit(l, d, n.replace('descent', 'descent-fit') as ContenderName, core));
  const tf = await loadTf();
  if (tf) out.push(await tfjsFit(tf, l, d));
  else notes.push('tfjs is not installed: lecture runs descent only');
  return out;
}

export function lectureCases(notes: string[]): AsyncBenchCase[] {
  return LECTURES.map((l) => ({ name: l.name, unit: 'runs/s', work: 1, reps: 3, minSampleMs: 1, contenders: () => lectureContenders(l, notes) }));
}
