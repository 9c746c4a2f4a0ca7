import { flatten } from '../ops/movement.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** Merge dims startDim..endDim (torch.nn.Flatten: default 1..−1, keeping the batch dim). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  protected override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
