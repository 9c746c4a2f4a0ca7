import { DescentError, type Rng } from '@descent/optim-wasm';
import { Linear, Sequential, type Module } from '@descent/autodiff';
import { BatchNorm1d, Dropout } from '@descent/regularize';
import { activationModule, type ActivationName } from './activation.js';

/**
 * Options of `mlp`: its layer widths, activation, regularizers and the rng its initial weights come
 * from.
 */
export interface MlpOptions {
  inputs: number;
  /** Widths of the hidden layers, e.g. [128] or [128, 128]. May be empty (a linear model). */
  hidden: readonly number[];
  outputs: number;
  /** Hidden activation (default 'relu'). */
  activation?: ActivationName;
  /** Dropout probability after each hidden activation (default 0: none). */
  dropout?: number;
  /** BatchNorm1d after each hidden Linear, before the activation (default false). */
  batchNorm?: boolean;
  /** Draws every layer's initial weights (PyTorch's default init), e.g. `new Rng(seed)`. */
  rng: Rng;
  /** Draws the dropout masks (default `rng.fork('dropout')`, independent of the init draws). */
  dropoutRng?: Rng;
  /** Each Linear draws from its own stream `rng.fork(i)` (i = 0, 1, … in layer order) instead of sharing `rng` (default false). */
  initStreams?: boolean;
  /** Makes the dropout layers (default `new Dropout(p, { rng: dropoutRng })`), e.g. one drawing from a trainer's per-step stream. */
  dropoutLayer?: (p: number) => Module;
}

/**
 * A multi-layer perceptron as a `Sequential`:
 * Linear(inputs, h₁) → [BatchNorm1d] → act → [Dropout(p)] → … → Linear(h_L, outputs), outputs as
 * raw scores (logits) or regression values. Parameter names follow PyTorch ("0.weight", "0.bias", "2.weight", …).
 *
 * @example const model = mlp({ inputs: 64, hidden: [128], outputs: 10, rng: new Rng(0) });
 */
export function mlp(options: MlpOptions): Sequential {
  const op = 'mlp';
  const { inputs, outputs, rng } = options;
  const hidden = options.hidden ?? [];
  for (const [field, v] of [['inputs', inputs], ['outputs', outputs], ...hidden.map((h, i) => [`hidden[${i}]`, h] as const)] as const) {
    if (!Number.isInteger(v) || (v as number) < 1) throw new DescentError('bad-arg', `${op}: ${field} must be an integer >= 1, got ${String(v)}`);
  }
  if (!rng) throw new DescentError('rng-required', `${op}: 'rng' is required (an Rng); descent has no ambient randomness`);
  const p = options.dropout ?? 0;
  const drop = p > 0 ? (options.dropoutLayer ?? dropoutLayer(options.dropoutRng ?? rng.fork('dropout'))) : null;
  const init = layerRngs(rng, options.initStreams);
  const layers: Module[] = [];
  let width = inputs;
  for (const h of hidden) {
    layers.push(new Linear(width, h, { rng: init() }));
    if (options.batchNorm) layers.push(new BatchNorm1d(h));
    layers.push(activationModule(options.activation ?? 'relu', op));
    if (drop) layers.push(drop(p));
    width = h;
  }
  layers.push(new Linear(width, outputs, { rng: init() }));
  return new Sequential(...layers);
}

/** Dropout layers sharing one mask stream. */
export function dropoutLayer(rng: Rng): (p: number) => Module {
  return (p) => new Dropout(p, { rng });
}

/** The init stream of each parametrised layer in turn: `rng` itself, or `rng.fork(0)`, `rng.fork(1)`, …. */
export function layerRngs(rng: Rng, streams = false): () => Rng {
  let i = 0;
  return () => (streams ? rng.fork(i++) : rng);
}
