import { DescentError, type Rng } from '@descent/optim-wasm';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@descent/autodiff';
import { Reshape } from './reshape.js';

export interface ConvNetOptions {
  /** Per-sample image shape [channels, height, width] (default [1, 8, 8]: digits). */
  shape?: readonly [number, number, number];
  /** Output channels of the two conv blocks (default [16, 32]). */
  channels?: readonly [number, number];
  outputs: number;
  rng: Rng;
}

/**
 * A small conv net for small images fed as flat rows:
 * Reshape → Conv2d(c, c₁, 3, pad 1) → ReLU → MaxPool2d(2) → Conv2d(c₁, c₂, 3, pad 1) → ReLU →
 * MaxPool2d(2) → Flatten → Linear(c₂·⌊h/4⌋·⌊w/4⌋, outputs). For digits 1×8×8: 8×8 → 4×4 → 2×2.
 *
 * @example const model = convNet({ outputs: 10, rng: new Rng(0) });
 */
export function convNet(options: ConvNetOptions): Sequential {
  const [c, h, w] = options.shape ?? [1, 8, 8];
  const [c1, c2] = options.channels ?? [16, 32];
  if (h < 4 || w < 4) throw new DescentError('bad-arg', `convNet: images must be at least 4×4 for two 2×2 poolings, got ${h}×${w}`);
  if (!options.rng) throw new DescentError('rng-required', "convNet: 'rng' is required (an Rng)");
  const rng = options.rng;
  return new Sequential(
    new Reshape([c, h, w]),
    new Conv2d(c, c1, 3, { padding: 1, rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(c1, c2, 3, { padding: 1, rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(c2 * Math.floor(h / 4) * Math.floor(w / 4), options.outputs, { rng }),
  );
}
