import { avgPool2d, maxPool2d, pair, type Size2 } from '../ops/conv.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** torch.nn.MaxPool2d (ceil_mode false): stride defaults to the kernel size. */
export class MaxPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];

  constructor(kernelSize: Size2, options: { stride?: Size2; padding?: Size2; dilation?: Size2 } = {}) {
    super();
    this.kernelSize = pair('MaxPool2d', 'kernelSize', kernelSize, 1);
    this.stride = pair('MaxPool2d', 'stride', options.stride ?? kernelSize, 1);
    this.padding = pair('MaxPool2d', 'padding', options.padding ?? 0, 0);
    this.dilation = pair('MaxPool2d', 'dilation', options.dilation ?? 1, 1);
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }

  protected override extraRepr(): string {
    return `kernelSize=${this.kernelSize.join('×')}, stride=${this.stride.join('×')}, padding=${this.padding.join('×')}`;
  }
}

/** torch.nn.AvgPool2d (count_include_pad true, ceil_mode false): stride defaults to the kernel size. */
export class AvgPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];

  constructor(kernelSize: Size2, options: { stride?: Size2; padding?: Size2 } = {}) {
    super();
    this.kernelSize = pair('AvgPool2d', 'kernelSize', kernelSize, 1);
    this.stride = pair('AvgPool2d', 'stride', options.stride ?? kernelSize, 1);
    this.padding = pair('AvgPool2d', 'padding', options.padding ?? 0, 0);
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding });
  }

  protected override extraRepr(): string {
    return `kernelSize=${this.kernelSize.join('×')}, stride=${this.stride.join('×')}, padding=${this.padding.join('×')}`;
  }
}
