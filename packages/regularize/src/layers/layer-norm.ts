import { Module, type AnyBackend, type Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';
import { affine, checkEps, checkPositiveInt, fmt, normalizeOver, registerAffine } from './norm-core.js';

/** Options of `LayerNorm` (torch.nn.LayerNorm). */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn γ (init 1) and β (init 0) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine: also learn β (default true). */
  bias?: boolean;
  backend?: AnyBackend;
}

/**
 * Layer normalisation (Ba et al. 2016, torch.nn.LayerNorm): statistics over the trailing
 * dims given by `normalizedShape`, per sample, biased variance, same in train and eval:
 * y = (x − μ)/√(σ² + ε)·γ + β, γ and β elementwise of shape normalizedShape.
 *
 * @example new LayerNorm(512).forward(h) // h [B, T, 512]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0) throw new DescentError('value', 'LayerNorm: normalizedShape must have at least one dim');
    shape.forEach((d) => checkPositiveInt('LayerNorm', 'normalizedShape entries', d));
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
    checkEps('LayerNorm', this.eps);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    registerAffine(this, shape, this.elementwiseAffine, options.backend, options.bias ?? true);
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new DescentError('shape', `LayerNorm: input ${fmt(x.shape)} does not end with normalizedShape ${fmt(this.normalizedShape)}`);
    }
    const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
    const { y } = normalizeOver(x, axes, this.eps);
    return affine(y, this.optionalParam('weight'), this.optionalParam('bias'), this.normalizedShape);
  }

  protected override extraRepr(): string {
    return `${fmt(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
