import { conv2d, pair, type Size2 } from '../ops/conv.js';
import type { Tensor } from '../tensor.js';
import { registerDefaultParams } from './default-init.js';
import { checkCount } from './linear.js';
import { Module } from './module.js';
import { layerRng, type ParamOptions } from './options.js';

export interface Conv2dLayerOptions extends ParamOptions {
  stride?: Size2;
  padding?: Size2;
  dilation?: Size2;
  /** Learn a per-output-channel bias (default true). */
  bias?: boolean;
}

/**
 * 2-D convolution layer, torch.nn.Conv2d (groups = 1, zero padding): weight [outC, inC, kh, kw],
 * bias [outC]; input [N, inC, H, W] (or [inC, H, W]). Init as PyTorch: weight ~ U(−k, k)
 * (kaiming_uniform, a = √5), bias ~ U(−k, k), k = 1/√(inC·kh·kw).
 *
 * @example new Conv2d(8, 16, 3, { padding: 1, rng }) // [64, 8, 28, 28] → [64, 16, 28, 28]
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];

  constructor(inChannels: number, outChannels: number, kernelSize: Size2, options: Conv2dLayerOptions) {
    super();
    checkCount('Conv2d', 'inChannels', inChannels);
    checkCount('Conv2d', 'outChannels', outChannels);
    const rng = layerRng('Conv2d', options);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = pair('Conv2d', 'kernelSize', kernelSize, 1);
    this.stride = pair('Conv2d', 'stride', options.stride ?? 1, 1);
    this.padding = pair('Conv2d', 'padding', options.padding ?? 0, 0);
    this.dilation = pair('Conv2d', 'dilation', options.dilation ?? 1, 1);
    const [kh, kw] = this.kernelSize;
    registerDefaultParams(this, [outChannels, inChannels, kh, kw], options.bias ?? true, rng, options);
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  get bias(): Tensor | null {
    return this.optionalParam('bias');
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }

  protected override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize.join('×')}, stride=${this.stride.join('×')}, padding=${this.padding.join('×')}, dilation=${this.dilation.join('×')}, bias=${this.bias !== null}`;
  }
}
