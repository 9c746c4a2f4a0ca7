import { DescentError } from '@descent/optim-wasm';
import { Module, reshape, type Tensor } from '@descent/autodiff';

/**
 * Reshape each sample, keeping the batch dim: [b, …] → [b, ...shape] (torch.nn.Unflatten on
 * dim 1). Lets image models take the flat rows the fit loop feeds ([b, 64] → [b, 1, 8, 8]).
 */
export class Reshape extends Module {
  readonly shape: readonly number[];

  constructor(shape: readonly number[]) {
    super();
    if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new DescentError('bad-arg', `Reshape: shape must be a non-empty list of integers >= 1, got ${JSON.stringify(shape)}`);
    }
    this.shape = [...shape];
  }

  forward(x: Tensor): Tensor {
    const per = this.shape.reduce((a, b) => a * b, 1);
    if (x.rank < 1 || x.size !== x.shape[0]! * per) {
      throw new DescentError('bad-shape', `Reshape: input [${x.shape.join(', ')}] does not hold [b, ${this.shape.join(', ')}]`);
    }
    return reshape(x, [x.shape[0]!, ...this.shape]);
  }

  protected override extraRepr(): string {
    return `shape=[${this.shape.join(', ')}]`;
  }
}
