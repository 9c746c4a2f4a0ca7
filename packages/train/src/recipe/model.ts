import type { Rng } from '@descent/optim-wasm';
import type { Module } from '@descent/autodiff';
import type { ActivationName } from '../models/activation.js';
import { convNet } from '../models/conv-net.js';
import { mlp } from '../models/mlp.js';
import { configError, field } from './errors.js';
import { closest } from './suggest.js';

/** The model fields of a run config. */
export interface ModelSpec {
  model: string;
  activation: string;
  dropout: number;
  batchNorm: boolean;
}

/**
 * What `buildModel` needs of the data: features per row, outputs (classes, or 1 for regression)
 * and the per-row image shape ([channels, height, width], null for flat rows).
 */
export interface DataShape {
  features: number;
  outputs: number;
  shape: number[] | null;
}

/** Hidden sizes of 'mlp:64-32' ([] for 'linear', [64] for 'mlp'); a config error for anything else. */
export function parseHidden(model: string): number[] {
  if (model === 'linear') return [];
  const m = /^mlp(?::(\d+(?:-\d+)*))?$/.exec(model);
  if (!m) {
    const hint = closest(model.split(':')[0] ?? model, ['mlp', 'linear', 'cnn']);
    throw configError(`${field('model')}: expected 'mlp:64-32', 'linear' or 'cnn', got '${model}'${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  const sizes = (m[1] ?? '64').split('-').map(Number);
  if (sizes.some((s) => s < 1)) throw configError(`${field('model')}: hidden sizes must be >= 1, got '${model}'`);
  return sizes;
}

/** The config's activation names ('leaky-relu') as the builders' (`leakyRelu`). */
const activationOf = (name: string): ActivationName => (name === 'leaky-relu' ? 'leakyRelu' : (name as ActivationName));

/**
 * The network of a run spec, from train's `mlp` / `convNet` builders:
 * - `mlp:h1-h2…` / `linear`: Linear → [BatchNorm1d] → activation → [Dropout] per hidden layer, then Linear;
 * - `cnn` (image data, e.g. digits 1×8×8): two blocks Conv2d 3×3 (8, 16 channels, padding 1) →
 *   [BatchNorm2d] → activation → MaxPool2d 2, then Flatten → [Dropout] → Linear.
 * Layer i's parameters are drawn from `rng.fork(i)` with PyTorch's default initialisation; the
 * dropout layers are regularize's `Dropout` (fit points them at its per-step stream).
 */
export function buildModel(spec: ModelSpec, data: DataShape, rng: Rng): Module {
  const common = {
    outputs: data.outputs,
    rng,
    initStreams: true,
    activation: activationOf(spec.activation),
    batchNorm: spec.batchNorm,
    dropout: spec.dropout,
  };
  if (spec.model === 'cnn') {
    const shape = data.shape;
    if (!shape || shape.length !== 3) throw configError(`${field('model')} cnn needs image data (e.g. ${field('dataset')} digits), got rows of ${data.features} features`);
    const [c, h, w] = shape as [number, number, number];
    if (h < 4 || w < 4) throw configError(`${field('model')} cnn needs images of at least 4×4, got ${h}×${w}`);
    return convNet({ ...common, shape: [c, h, w], channels: [8, 16] });
  }
  return mlp({ ...common, inputs: data.features, hidden: parseHidden(spec.model) });
}
