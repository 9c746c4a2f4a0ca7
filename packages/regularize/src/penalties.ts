import { abs, add, mul, square, sum, type Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';
import { namedEntries, type NamedTensors, type Snapshottable } from './snapshot.js';

/**
 * Parameter-norm penalties as differentiable loss terms: add the result to the data loss and
 * backward gives the penalty's gradient for free.
 *
 * Scaling conventions (the same λ means different things in different libraries):
 * - Keras `l2(λ)` adds λ·Σθ² (gradient 2λθ): `l2Penalty(ps, λ)`.
 * - PyTorch SGD `weight_decay=λ` adds λθ to the gradient, i.e. the penalty λ/2·‖θ‖²:
 *   `l2Penalty(ps, λ, { half: true })`.
 * - For adaptive optimizers (Adam, RMSprop) an L2 term is rescaled per coordinate by the
 *   adaptive denominator, so it is not weight decay; use the optimizer's decoupled decay
 *   (AdamW: θ ← θ·(1 − lr·λ) before the step) to shrink all weights at the same rate.
 */

/** Which parameters a penalty applies to by default. */
export interface DecaySelection {
  /** Also penalize names ending in 'bias' (default false). */
  includeBias?: boolean;
  /** Also penalize 1-D (and scalar) parameters (default false). */
  include1d?: boolean;
  /** Also penalize the affine parameters of normalisation layers (default false). */
  includeNorm?: boolean;
  /** Extra exclusion by name or tensor. */
  exclude?: (name: string, param: Tensor) => boolean;
}

/** Tensors registered by normalisation layers (their γ, β): excluded from decay by default. */
const NORM_PARAMETERS = new WeakSet<Tensor>();

/** Mark a tensor as a normalisation layer's parameter (done by BatchNorm, LayerNorm, …). */
export function markNormParameter(t: Tensor): Tensor {
  NORM_PARAMETERS.add(t);
  return t;
}

/** Whether a normalisation layer registered `t` (its γ or β), which `decayParameters` leaves out by default. */
export function isNormParameter(t: Tensor): boolean {
  return NORM_PARAMETERS.has(t);
}

/**
 * The parameters to decay: by default every parameter except biases (name ends in 'bias'),
 * 1-D parameters and normalisation-layer parameters — the usual "no decay on bias and norm"
 * rule. Takes a model (`namedParameters()`) or named tensors.
 *
 * @example const decayed = decayParameters(model); // weights of Linear/Conv layers only
 */
export function decayParameters(source: Snapshottable | NamedTensors, options: DecaySelection = {}): Tensor[] {
  const named = isModelLike(source) ? source.namedParameters() : source;
  return namedEntries(named)
    .filter(([name, p]) => {
      if (!options.includeBias && /(^|\.)bias$/.test(name)) return false;
      if (!options.include1d && p.rank <= 1) return false;
      if (!options.includeNorm && NORM_PARAMETERS.has(p)) return false;
      return !(options.exclude?.(name, p) ?? false);
    })
    .map(([, p]) => p);
}

function isModelLike(x: unknown): x is Snapshottable {
  return typeof (x as Snapshottable).namedParameters === 'function';
}

function checkLambda(op: string, field: string, lambda: number): void {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) {
    throw new DescentError('value', `${op}: ${field} must be a finite number >= 0, got ${lambda}`);
  }
}

function sumOver(op: string, params: readonly Tensor[], term: (p: Tensor) => Tensor): Tensor {
  if (params.length === 0) throw new DescentError('value', `${op}: no parameters given (select some with decayParameters(model))`);
  let total: Tensor | null = null;
  for (const p of params) {
    const s = sum(term(p));
    total = total === null ? s : add(total, s);
  }
  return total!;
}

/**
 * L1 penalty λ·Σᵢ Σ|wᵢ| over the given tensors (all of them: select with `decayParameters`).
 * Gradient λ·sign(w), with sign(0) = 0 (PyTorch's subgradient). Drives weights to exactly 0
 * under proximal methods; with plain SGD it oscillates around 0.
 *
 * @example const loss = add(dataLoss, l1Penalty(decayParameters(model), 1e-4));
 */
export function l1Penalty(params: readonly Tensor[], lambda: number): Tensor {
  checkLambda('l1Penalty', 'lambda', lambda);
  return mul(sumOver('l1Penalty', params, abs), lambda);
}

/** Options of `l2Penalty`. */
export interface L2PenaltyOptions {
  /** λ/2·Σw² (gradient λw: what SGD's weight_decay=λ adds) instead of λ·Σw² (default false). */
  half?: boolean;
}

/**
 * L2 penalty λ·Σᵢ Σwᵢ² (Keras `l2(λ)`, gradient 2λw), or with `half` λ/2·Σwᵢ² (gradient λw,
 * PyTorch's `weight_decay=λ` for SGD).
 *
 * @example const loss = add(dataLoss, l2Penalty(decayParameters(model), 5e-4, { half: true }));
 */
export function l2Penalty(params: readonly Tensor[], lambda: number, options: L2PenaltyOptions = {}): Tensor {
  checkLambda('l2Penalty', 'lambda', lambda);
  return mul(sumOver('l2Penalty', params, square), options.half ? lambda / 2 : lambda);
}

/** Weights of `elasticNet`'s L1 and L2 terms. */
export interface ElasticNetOptions {
  /** Weight of the L1 term (λ₁ ≥ 0). */
  l1: number;
  /** Weight of the L2 term (λ₂ ≥ 0). */
  l2: number;
  /** Halve the L2 term (λ₂/2·Σw²) as in `l2Penalty` (default false). */
  half?: boolean;
}

/**
 * Elastic net λ₁·Σ|w| + λ₂·Σw² (Keras `l1_l2(l1, l2)`; with `half` the L2 part is λ₂/2·Σw²).
 *
 * @example elasticNet(decayParameters(model), { l1: 1e-5, l2: 1e-4 })
 */
export function elasticNet(params: readonly Tensor[], options: ElasticNetOptions): Tensor {
  checkLambda('elasticNet', 'l1', options.l1);
  checkLambda('elasticNet', 'l2', options.l2);
  return add(l1Penalty(params, options.l1), l2Penalty(params, options.l2, { half: options.half ?? false }));
}
