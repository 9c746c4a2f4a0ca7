import type { Rng } from '@descent/optim-wasm';
import { Conv2d, ELU, Flatten, GELU, LeakyReLU, Linear, MaxPool2d, Module, ReLU, reshape, Sequential, Sigmoid, Tanh, type Tensor } from '@descent/autodiff';
import { BatchNorm1d, BatchNorm2d, dropout } from '@descent/regularize';
import { usageError } from '../errors.js';
import { closest } from '../suggest.js';

/**
 * Where per-step randomness comes from: the trainer points `rng` at the stream of the current
 * epoch, so a resumed run draws the same dropout masks as an uninterrupted one.
 */
export interface StepRandomness {
  rng: Rng | null;
}

/** Dropout (regularize's functional `dropout`) drawing from the trainer's current stream. */
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
  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/** Reshape flat rows [N, C·H·W] into images [N, C, H, W] (the conv net reads flat data). */
class ToImage extends Module {
  constructor(readonly shape: number[]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return reshape(x, [x.shape[0]!, ...this.shape]);
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

export interface ModelSpec {
  model: string;
  activation: string;
  dropout: number;
  batchNorm: boolean;
}

export interface DataShape {
  features: number;
  outputs: number;
  shape: number[] | null;
}

/** Hidden sizes of 'mlp:64-32' ([] for 'linear'); a usage error for anything else. */
export function parseHidden(model: string): number[] {
  if (model === 'linear') return [];
  const m = /^mlp(?::(\d+(?:-\d+)*))?$/.exec(model);
  if (!m) {
    const hint = closest(model.split(':')[0] ?? model, ['mlp', 'linear', 'cnn']);
    throw usageError(`--model: expected 'mlp:64-32', 'linear' or 'cnn', got '${model}'${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  const sizes = (m[1] ?? '64').split('-').map(Number);
  if (sizes.some((s) => s < 1)) throw usageError(`--model: hidden sizes must be >= 1, got '${model}'`);
  return sizes;
}

/**
 * The network of a run, from autodiff's layers and regularize's dropout / batch norm:
 * - `mlp:h1-h2…`: Linear → [BatchNorm1d] → activation → [Dropout] per hidden layer, then Linear;
 * - `cnn` (image data, e.g. digits 1×8×8): two blocks Conv2d 3×3 (8, 16 channels, padding 1) →
 *   [BatchNorm2d] → activation → MaxPool2d 2, then Flatten → [Dropout] → Linear.
 * Parameters are drawn from `rng` with PyTorch's default initialisation.
 */
export function buildModel(spec: ModelSpec, data: DataShape, rng: Rng, randomness: StepRandomness): Module {
  const layers: Module[] = [];
  let stream = 0;
  const drop = () => {
    if (spec.dropout > 0) layers.push(new StepDropout(spec.dropout, randomness));
  };
  if (spec.model === 'cnn') {
    const shape = data.shape;
    if (!shape || shape.length !== 3) throw usageError(`--model cnn needs image data (e.g. --dataset digits), got rows of ${data.features} features`);
    const [c, h, w] = shape as [number, number, number];
    if (h < 4 || w < 4) throw usageError(`--model cnn needs images of at least 4×4, got ${h}×${w}`);
    layers.push(new ToImage(shape));
    let inC = c;
    for (const outC of [8, 16]) {
      layers.push(new Conv2d(inC, outC, 3, { padding: 1, rng: rng.fork(stream++) }));
      if (spec.batchNorm) layers.push(new BatchNorm2d(outC));
      layers.push(activation(spec.activation), new MaxPool2d(2));
      inC = outC;
    }
    layers.push(new Flatten());
    drop();
    layers.push(new Linear(16 * Math.floor(h / 4) * Math.floor(w / 4), data.outputs, { rng: rng.fork(stream++) }));
    return new Sequential(...layers);
  }
  let inF = data.features;
  for (const hsize of parseHidden(spec.model)) {
    layers.push(new Linear(inF, hsize, { rng: rng.fork(stream++) }));
    if (spec.batchNorm) layers.push(new BatchNorm1d(hsize));
    layers.push(activation(spec.activation));
    drop();
    inF = hsize;
  }
  layers.push(new Linear(inF, data.outputs, { rng: rng.fork(stream++) }));
  return new Sequential(...layers);
}
