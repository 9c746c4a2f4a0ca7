import { DescentError } from '@descent/optim-wasm';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { ReLU } from './activations.js';

/**
 * Modules applied in order (torch.nn.Sequential); children are named "0", "1", …, so parameters
 * are "0.weight", "0.bias", "2.weight", …
 *
 * @example new Sequential(new Linear(784, 256, { rng }), new ReLU(), new Linear(256, 10, { rng }))
 */
export class Sequential extends Module {
  private readonly layers: Module[];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new DescentError('value', `Sequential: argument ${i} is not a Module (${String(m)})`);
      this.registerModule(String(i), m);
    });
    this.layers = modules;
  }

  get length(): number {
    return this.layers.length;
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): Module {
    const m = this.layers.at(i);
    if (!m) throw new DescentError('value', `Sequential.at: index ${i} is out of range for ${this.layers.length} modules`);
    return m;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const m = layers[i]!;
      // Linear → ReLU (exactly those classes) runs as one fused op: same values, one pass fewer each way
      if (m.constructor === Linear && layers[i + 1]?.constructor === ReLU) {
        y = (m as Linear).forwardRelu(y);
        i++;
      } else y = m.forward(y);
    }
    return y;
  }
}
