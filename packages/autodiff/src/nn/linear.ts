import { DescentError } from '@descent/optim-wasm';
import { linear, linearRelu } from '../ops/matmul.js';
import type { Tensor } from '../tensor.js';
import { registerDefaultParams } from './default-init.js';
import { Module } from './module.js';
import { layerRng, type ParamOptions } from './options.js';

export interface LinearOptions extends ParamOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/** Integer ≥ 1 check shared by the layers. */
export function checkCount(op: string, field: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new DescentError('value', `${op}: ${field} must be an integer ≥ 1, got ${String(v)}`);
}

/**
 * Fully connected layer, torch.nn.Linear: y = x·Wᵀ + b for x [..., in], W [out, in], b [out]
 * (one fused matmul-with-bias kernel). Init as PyTorch: W ~ U(−k, k) (kaiming_uniform with
 * a = √5) and b ~ U(−k, k), k = 1/√in, drawn from `rng`.
 *
 * @example new Linear(784, 256, { rng: new Rng(0) }).forward(x) // x [128, 784] → [128, 256]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions) {
    super();
    checkCount('Linear', 'inFeatures', inFeatures);
    checkCount('Linear', 'outFeatures', outFeatures);
    const rng = layerRng('Linear', options);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    registerDefaultParams(this, [outFeatures, inFeatures], options.bias ?? true, rng, options);
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  get bias(): Tensor | null {
    return this.optionalParam('bias');
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias ?? undefined);
  }

  /** relu(forward(x)) in one fused op (used by Sequential for Linear → ReLU). */
  forwardRelu(x: Tensor): Tensor {
    return linearRelu(x, this.weight, this.bias ?? undefined);
  }

  protected override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
