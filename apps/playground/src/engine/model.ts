// The MLP of a classifier run, built as `descent train --model mlp:h1-h2` builds it: per hidden
// layer Linear → [BatchNorm1d] → activation → [Dropout], then Linear; each Linear initialised
// from its own fork of the seed's 'init' stream.
import { argmax, crossEntropy, ELU, GELU, LeakyReLU, Linear, Module, noGrad, ReLU, Sequential, Sigmoid, softmax, Tanh, tensor, tidy, type Tensor } from '@descent/autodiff';
import type { Rng } from '@descent/optim-wasm';
import { BatchNorm1d, dropout } from '@descent/regularize';
import type { Heatmap } from '../protocol.js';
import type { Split } from './data.js';

/** The stream the current step draws from (dropout masks); null outside training steps. */
export interface StepRandomness {
  rng: Rng | null;
}

/** Dropout drawing from the trainer's current step stream. */
export class StepDropout extends Module {
  constructor(
    readonly p: number,
    private readonly source: StepRandomness,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    const rng = this.source.rng;
    return rng && this.training ? dropout(x, this.p, rng, true) : x;
  }
}

function activation(name: string): Module {
  switch (name) {
    case 'tanh':
      return new Tanh();
    case 'sigmoid':
      return new Sigmoid();
    case 'gelu':
      return new GELU();
    case 'elu':
      return new ELU();
    case 'leaky-relu':
      return new LeakyReLU();
    default:
      return new ReLU();
  }
}

export interface MlpSpec {
  hidden: number[];
  activation: string;
  dropout: number;
  batchNorm: boolean;
}

export function buildMlp(spec: MlpSpec, features: number, outputs: number, rng: Rng, randomness: StepRandomness): Module {
  const layers: Module[] = [];
  let stream = 0;
  let inF = features;
  for (const h of spec.hidden) {
    layers.push(new Linear(inF, h, { rng: rng.fork(stream++) }));
    if (spec.batchNorm) layers.push(new BatchNorm1d(h));
    layers.push(activation(spec.activation));
    if (spec.dropout > 0) layers.push(new StepDropout(spec.dropout, randomness));
    inF = h;
  }
  layers.push(new Linear(inF, outputs, { rng: rng.fork(stream++) }));
  return new Sequential(...layers);
}

export interface Scores {
  loss: number;
  acc: number;
}

/** Mean cross-entropy and accuracy in eval mode, in batches of 512, sums in f64 (as the CLI). */
export function score(model: Module, data: Split, features: number, batch = 512): Scores {
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let correct = 0;
  try {
    noGrad(() => {
      for (let s = 0; s < data.n; s += batch) {
        const b = Math.min(batch, data.n - s);
        const [l, c] = tidy(() => {
          const out = model.forward(tensor(data.x.subarray(s * features, (s + b) * features), { shape: [b, features] }));
          const y = data.y.subarray(s, s + b);
          const loss = crossEntropy(out, y, { reduction: 'sum' }).item();
          const pred = argmax(out, 1);
          let ok = 0;
          for (let i = 0; i < b; i++) if (pred[i] === y[i]) ok++;
          return [loss, ok] as const;
        });
        lossSum += l;
        correct += c;
      }
    });
  } finally {
    if (wasTraining) model.train();
  }
  return { loss: lossSum / data.n, acc: correct / data.n };
}

/** Class probabilities [n, classes] of a predictor of rows (eval mode, no graph). */
export function probabilities(model: Module, x: Float32Array, features: number): Float32Array {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => tidy(() => Float32Array.from(softmax(model.forward(tensor(x, { shape: [x.length / features, features] })), 1).data())));
  } finally {
    if (wasTraining) model.train();
  }
}

/** The grid points (row-major, row 0 = top) of a res×res heatmap over `bounds`. */
export function gridPoints(res: number, bounds: [number, number, number, number]): Float32Array {
  const [x0, x1, y0, y1] = bounds;
  const g = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      g[(r * res + c) * 2] = x0 + ((c + 0.5) / res) * (x1 - x0);
      g[(r * res + c) * 2 + 1] = y1 - ((r + 0.5) / res) * (y1 - y0);
    }
  }
  return g;
}

/** A heatmap from class probabilities of the grid points: p(class 1) or the top class and its probability. */
export function heatmapOf(prob: ArrayLike<number>, classes: number, res: number, bounds: [number, number, number, number]): Heatmap {
  const n = res * res;
  const p = new Float32Array(n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (prob[i * classes + k]! > prob[i * classes + best]!) best = k;
    label[i] = best;
    p[i] = classes === 2 ? prob[i * 2 + 1]! : prob[i * classes + best]!;
  }
  return { res, bounds, p, label };
}
