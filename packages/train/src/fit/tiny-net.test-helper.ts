import { linear, rand, relu, type Tensor } from '@descent/autodiff';
import { Rng } from '@descent/optim-wasm';
import type { Model } from './model.js';

/** A two-layer perceptron from raw autodiff ops, so fit tests need no Module classes. */
export class TinyNet implements Model {
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly w2: Tensor;
  readonly b2: Tensor;
  training = true;

  constructor(inputs: number, hidden: number, outputs: number, seed: number) {
    const rng = new Rng(seed);
    const u = (shape: number[], fanIn: number, name: string) => {
      const k = 1 / Math.sqrt(fanIn);
      return rand(shape, rng, { lo: -k, hi: k, requiresGrad: true, name });
    };
    this.w1 = u([hidden, inputs], inputs, 'w1');
    this.b1 = u([hidden], inputs, 'b1');
    this.w2 = u([outputs, hidden], hidden, 'w2');
    this.b2 = u([outputs], hidden, 'b2');
  }

  forward(x: Tensor): Tensor {
    return linear(relu(linear(x, this.w1, this.b1)), this.w2, this.b2);
  }

  parameters(): Tensor[] {
    return [this.w1, this.b1, this.w2, this.b2];
  }

  train(): void {
    this.training = true;
  }

  eval(): void {
    this.training = false;
  }
}
