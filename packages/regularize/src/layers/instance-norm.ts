import { mean as meanOp, Module, reshape, type AnyBackend, type Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';
import { affine, blendInto, channelStats, checkFeaturesEps, fmt, normalizeOver, normalizeRunning, registerChannelStats, values } from './norm-core.js';

/** Options of `InstanceNorm1d` / `InstanceNorm2d` (PyTorch's defaults: no affine, no running statistics). */
export interface InstanceNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn γ, β per channel (default false, as PyTorch). */
  affine?: boolean;
  /** Keep running statistics and use them in eval (default false, as PyTorch). */
  trackRunningStats?: boolean;
  /** Weight of the new batch in the running statistics (default 0.1). */
  momentum?: number;
  backend?: AnyBackend;
}

/**
 * Instance normalisation (Ulyanov et al. 2016, torch.nn.InstanceNorm1d/2d): statistics per
 * (sample, channel) over the spatial positions, biased variance:
 * y = (x − μ_{n,c})/√(σ²_{n,c} + ε)·γ_c + β_c. With `trackRunningStats`, training also updates
 * running_mean ← (1 − m)·running_mean + m·mean_n μ_{n,c} and likewise running_var with the
 * unbiased per-instance variances, and eval uses them; otherwise eval uses instance statistics.
 */
export abstract class InstanceNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  readonly momentum: number;
  protected abstract readonly rank: number;

  constructor(numFeatures: number, options: InstanceNormOptions = {}) {
    super();
    const op = new.target.name;
    this.numFeatures = numFeatures;
    this.eps = checkFeaturesEps(op, numFeatures, options.eps);
    this.affine = options.affine ?? false;
    this.trackRunningStats = options.trackRunningStats ?? false;
    this.momentum = options.momentum ?? 0.1;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new DescentError('value', `${op}: momentum must be in [0, 1], got ${this.momentum}`);
    registerChannelStats(this, numFeatures, this.affine, this.trackRunningStats, options.backend);
  }

  forward(x: Tensor): Tensor {
    const op = this.typeName;
    if (x.rank !== this.rank || x.shape[1] !== this.numFeatures) {
      throw new DescentError('shape', `${op}: expected [N, ${this.numFeatures}${this.rank === 3 ? ', L' : ', H, W'}], got ${fmt(x.shape)}`);
    }
    const s = channelStats(this, x.rank, this.numFeatures);
    const { runningMean: rm, runningVar: rv } = s;
    if (!this.training && rm && rv) return normalizeRunning(x, s, rm, rv, this.eps);
    const [n, c] = x.shape as [number, number];
    const spatial = x.size / (n * c);
    if (this.training && spatial <= 1) throw new DescentError('value', `${op}: Expected more than 1 spatial element when training, got input size ${fmt(x.shape)}`);
    const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
    const { y, mean, variance } = normalizeOver(x, axes, this.eps);
    if (this.training && rm && rv) {
      // average the per-instance statistics over the batch (PyTorch's running update)
      const mu = values(meanOp(reshape(mean.detach(), [n, c]), 0));
      const v = values(meanOp(reshape(variance.detach(), [n, c]), 0)).map((s) => (s * spatial) / (spatial - 1));
      blendInto(rm, mu, 1 - this.momentum, this.momentum);
      blendInto(rv, v, 1 - this.momentum, this.momentum);
    }
    return affine(y, s.weight, s.bias, s.shape);
  }

  protected override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/** InstanceNorm1d for [N, C, L]. @example new InstanceNorm1d(3).forward(x) // x [N, 3, L] */
export class InstanceNorm1d extends InstanceNormBase {
  protected readonly rank = 3;
}

/** InstanceNorm2d for [N, C, H, W]. @example new InstanceNorm2d(3, { affine: true }).forward(img) */
export class InstanceNorm2d extends InstanceNormBase {
  protected readonly rank = 4;
}
