import { Module, reshape, type AnyBackend, type Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';
import { affine, channelShape, checkEps, checkPositiveInt, fmt, normalizeOver, registerAffine } from './norm-core.js';

/** Options of `GroupNorm` (torch.nn.GroupNorm). */
export interface GroupNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn γ (init 1) and β (init 0) per channel (default true). */
  affine?: boolean;
  backend?: AnyBackend;
}

/**
 * Group normalisation (Wu & He 2018, torch.nn.GroupNorm) for [N, C, *]: the C channels split
 * into G groups of C/G; statistics per (sample, group) over its channels and positions, biased
 * variance, same in train and eval; the affine step is per channel:
 * y = (x − μ_{n,g})/√(σ²_{n,g} + ε)·γ_c + β_c. G = 1 is LayerNorm over (C, *); G = C is InstanceNorm.
 *
 * @example new GroupNorm(8, 64).forward(x) // x [N, 64, H, W]
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;

  constructor(numGroups: number, numChannels: number, options: GroupNormOptions = {}) {
    super();
    checkPositiveInt('GroupNorm', 'numGroups', numGroups);
    checkPositiveInt('GroupNorm', 'numChannels', numChannels);
    if (numChannels % numGroups !== 0) throw new DescentError('value', `GroupNorm: numChannels ${numChannels} is not divisible by numGroups ${numGroups}`);
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = options.eps ?? 1e-5;
    checkEps('GroupNorm', this.eps);
    this.affine = options.affine ?? true;
    registerAffine(this, [numChannels], this.affine, options.backend);
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 2 || x.shape[1] !== this.numChannels) {
      throw new DescentError('shape', `GroupNorm: expected [N, ${this.numChannels}, *], got ${fmt(x.shape)}`);
    }
    const n = x.shape[0]!;
    const grouped = reshape(x, [n, this.numGroups, x.size / (n * this.numGroups)]);
    const { y } = normalizeOver(grouped, [2], this.eps);
    return affine(reshape(y, x.shape), this.optionalParam('weight'), this.optionalParam('bias'), channelShape(x.rank, this.numChannels));
  }

  protected override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine}`;
  }
}
