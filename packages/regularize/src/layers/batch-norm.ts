import { Module, noGrad, tensor, type AnyBackend, type Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';
import { writeRaw } from '../snapshot.js';
import { affine, blendInto, channelStats, checkFeaturesEps, fmt, normalizeOver, normalizeRunning, registerChannelStats, values } from './norm-core.js';

/** Options of `BatchNorm1d` / `BatchNorm2d`: eps, momentum and its convention, affine, running statistics. */
export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /**
   * Running-statistics momentum. PyTorch convention (default): the NEW batch's weight, default
   * 0.1; null = cumulative average (weight 1/numBatchesTracked). Keras convention: the OLD
   * value's weight, default 0.99 (Keras 0.99 ≙ PyTorch 0.01).
   */
  momentum?: number | null;
  momentumConvention?: 'pytorch' | 'keras';
  /**
   * Running variance from the unbiased batch variance (n/(n−1) correction). Default: true for
   * PyTorch's convention, false for Keras' (which averages the biased variance).
   */
  unbiasedRunningVar?: boolean;
  /** Learn γ (init 1) and β (init 0) per channel (default true). */
  affine?: boolean;
  /** Keep running mean/var buffers and use them in eval mode (default true). */
  trackRunningStats?: boolean;
  backend?: AnyBackend;
}

/**
 * Batch normalisation (Ioffe & Szegedy 2015) with PyTorch's conventions, over every axis but C:
 * training: y = (x − μ_B)/√(σ²_B + ε)·γ + β with the BIASED batch variance σ²_B, then
 *   running_mean ← (1 − m)·running_mean + m·μ_B,
 *   running_var  ← (1 − m)·running_var + m·σ²_B·n/(n − 1)   (n = values per channel);
 * eval: y = (x − running_mean)/√(running_var + ε)·γ + β.
 * Running statistics and `numBatchesTracked` are buffers (in `stateDict()`).
 */
export abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly momentumConvention: 'pytorch' | 'keras';
  readonly unbiasedRunningVar: boolean;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  protected abstract readonly ranks: readonly number[];

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super();
    const op = new.target.name;
    this.numFeatures = numFeatures;
    this.eps = checkFeaturesEps(op, numFeatures, options.eps);
    this.momentumConvention = options.momentumConvention ?? 'pytorch';
    if (this.momentumConvention !== 'pytorch' && this.momentumConvention !== 'keras') {
      throw new DescentError('value', `${op}: momentumConvention must be 'pytorch' or 'keras', got '${String(this.momentumConvention)}'`);
    }
    const keras = this.momentumConvention === 'keras';
    this.momentum = options.momentum === undefined ? (keras ? 0.99 : 0.1) : options.momentum;
    if (this.momentum === null ? keras : !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new DescentError('value', `${op}: momentum must be in [0, 1]${keras ? '' : ' or null'}, got ${this.momentum}`);
    }
    this.unbiasedRunningVar = options.unbiasedRunningVar ?? !keras;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    registerChannelStats(this, numFeatures, this.affine, this.trackRunningStats, options.backend);
    this.registerBuffer('numBatchesTracked', this.trackRunningStats ? tensor(0, options.backend ? { backend: options.backend } : {}) : null);
  }

  forward(x: Tensor): Tensor {
    const op = this.typeName;
    if (!this.ranks.includes(x.rank)) throw new DescentError('shape', `${op}: expected input of rank ${this.ranks.join(' or ')} ([N, C${x.rank === 3 ? ', L' : ''}…]), got ${fmt(x.shape)}`);
    const c = x.shape[1]!;
    if (c !== this.numFeatures) throw new DescentError('shape', `${op}: input ${fmt(x.shape)} has ${c} channels, expected numFeatures = ${this.numFeatures}`);
    const s = channelStats(this, x.rank, c);
    const { runningMean: rm, runningVar: rv } = s;
    if (!this.training && rm && rv) return normalizeRunning(x, s, rm, rv, this.eps);
    const n = x.size / c;
    if (this.training && n <= 1) throw new DescentError('value', `${op}: Expected more than 1 value per channel when training, got input size ${fmt(x.shape)}`);
    const axes = Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== 1);
    const { y, mean, variance } = normalizeOver(x, axes, this.eps);
    if (this.training && rm && rv) this.updateRunningStats(rm, rv, values(mean), values(variance), n);
    return affine(y, s.weight, s.bias, s.shape);
  }

  private updateRunningStats(rm: Tensor, rv: Tensor, mean: Float64Array, biasedVar: Float64Array, n: number): void {
    const nbt = this.buffer('numBatchesTracked');
    let count = 1;
    if (nbt) {
      count = nbt.item() + 1;
      noGrad(() => writeRaw(nbt, nbt.data() instanceof Float32Array ? Float32Array.of(count) : Float64Array.of(count), 'numBatchesTracked'));
    }
    const batchVar = this.unbiasedRunningVar ? biasedVar.map((v) => (v * n) / (n - 1)) : biasedVar;
    let wOld: number;
    let wNew: number;
    if (this.momentumConvention === 'keras') [wOld, wNew] = [this.momentum!, 1 - this.momentum!];
    else {
      const m = this.momentum ?? 1 / count;
      [wOld, wNew] = [1 - m, m];
    }
    blendInto(rm, mean, wOld, wNew);
    blendInto(rv, batchVar, wOld, wNew);
  }

  protected override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}${this.momentumConvention === 'keras' ? ' (keras)' : ''}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * BatchNorm1d for [N, C] or [N, C, L] (statistics over N, or N and L).
 *
 * @example const bn = new BatchNorm1d(64); bn.forward(h) // h [32, 64]
 */
export class BatchNorm1d extends BatchNormBase {
  protected readonly ranks = [2, 3] as const;
}

/**
 * BatchNorm2d for [N, C, H, W] (statistics over N, H, W per channel).
 *
 * @example const bn = new BatchNorm2d(16, { momentumConvention: 'keras' }); // momentum 0.99 = old weight
 */
export class BatchNorm2d extends BatchNormBase {
  protected readonly ranks = [4] as const;
}
