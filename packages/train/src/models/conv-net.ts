import { DescentError, type Rng } from '@descent/optim-wasm';
import { Conv2d, Flatten, Linear, MaxPool2d, Sequential, type Module } from '@descent/autodiff';
import { BatchNorm2d } from '@descent/regularize';
import { activationModule, type ActivationName } from './activation.js';
import { dropoutLayer, layerRngs } from './mlp.js';
import { Reshape } from './reshape.js';

/**
 * Options of `convNet`: the image shape, the two conv blocks' channels, the outputs, the init rng
 * and the regularizers.
 */
export interface ConvNetOptions {
  /** Per-sample image shape [channels, height, width] (default [1, 8, 8]: digits). */
  shape?: readonly [number, number, number];
  /** Output channels of the two conv blocks (default [16, 32]). */
  channels?: readonly [number, number];
  outputs: number;
  rng: Rng;
  /** Activation of each conv block (default 'relu'). */
  activation?: ActivationName;
  /** BatchNorm2d after each conv, before the activation (default false). */
  batchNorm?: boolean;
  /** Dropout probability before the last Linear (default 0: none). */
  dropout?: number;
  /** As mlp's: the dropout layer's mask stream (default `rng.fork('dropout')`) or factory. */
  dropoutRng?: Rng;
  /**
   * Makes the dropout layer (default `new Dropout(p, { rng: dropoutRng })`), e.g. one drawing from
   * a trainer's per-step stream.
   */
  dropoutLayer?: (p: number) => Module;
  /** Each Conv2d / Linear draws from its own stream `rng.fork(i)` (default false: all share `rng`). */
  initStreams?: boolean;
}

/**
 * A small conv net for small images fed as flat rows:
 * Reshape → Conv2d(c, c₁, 3, pad 1) → [BatchNorm2d] → act → MaxPool2d(2) → Conv2d(c₁, c₂, 3, pad 1) →
 * [BatchNorm2d] → act → MaxPool2d(2) → Flatten → [Dropout] → Linear(c₂·⌊h/4⌋·⌊w/4⌋, outputs).
 * For digits 1×8×8: 8×8 → 4×4 → 2×2.
 *
 * @example const model = convNet({ outputs: 10, rng: new Rng(0) });
 */
export function convNet(options: ConvNetOptions): Sequential {
  const [c, h, w] = options.shape ?? [1, 8, 8];
  const channels = options.channels ?? [16, 32];
  if (h < 4 || w < 4) throw new DescentError('bad-arg', `convNet: images must be at least 4×4 for two 2×2 poolings, got ${h}×${w}`);
  if (!options.rng) throw new DescentError('rng-required', "convNet: 'rng' is required (an Rng)");
  const init = layerRngs(options.rng, options.initStreams);
  const layers: Module[] = [new Reshape([c, h, w])];
  let inC = c;
  for (const outC of channels) {
    layers.push(new Conv2d(inC, outC, 3, { padding: 1, rng: init() }));
    if (options.batchNorm) layers.push(new BatchNorm2d(outC));
    layers.push(activationModule(options.activation ?? 'relu', 'convNet'), new MaxPool2d(2));
    inC = outC;
  }
  layers.push(new Flatten());
  const p = options.dropout ?? 0;
  if (p > 0) layers.push((options.dropoutLayer ?? dropoutLayer(options.dropoutRng ?? options.rng.fork('dropout')))(p));
  layers.push(new Linear(inC * Math.floor(h / 4) * Math.floor(w / 4), options.outputs, { rng: init() }));
  return new Sequential(...layers);
}
