import { DescentError } from '@descent/optim-wasm';
import { crossEntropy, mseLoss, tensor, type Tensor } from '@descent/autodiff';

/**
 * A loss from the model output [b, …] and the batch targets: class indices (Int32Array) or
 * targets (Float32Array, b or b·outputs values). Returns a scalar tensor (a mean over rows).
 */
export type LossFn = (output: Tensor, y: Int32Array | Float32Array) => Tensor;

/**
 * fit's and evaluate's `loss`: cross-entropy from logits against class indices, mean squared
 * error, or a function of the output and the targets. Anything else is a DescentError ('bad-arg').
 */
export type LossSpec = 'crossEntropy' | 'mse' | LossFn;

/**
 * Cross-entropy from logits [b, C] (PyTorch's F.cross_entropy, mean): against class indices
 * (Int32Array) with label smoothing ε, q = (1 − ε)·onehot(y) + ε/C; or against soft targets
 * (Float32Array of b·C values, e.g. from Mixup/CutMix, which already carry their smoothing), q = y.
 * ℓ = −(1/b) Σₙ Σ_c qₙ,c log softmax(outₙ)_c.
 */
export function crossEntropyWith(labelSmoothing = 0): LossFn {
  return (output, y) => {
    if (y instanceof Int32Array) return crossEntropy(output, y, labelSmoothing === 0 ? {} : { labelSmoothing });
    if (y instanceof Float32Array && y.length === output.size && output.rank === 2) {
      return crossEntropy(output, tensor(y, { shape: output.shape, backend: output.backend }));
    }
    throw new DescentError(
      'bad-data',
      `fit: loss 'crossEntropy' needs class indices (Int32Array y) or soft targets matching the logits [${output.shape.join(', ')}], got ${y.constructor.name} of ${y.length} values`,
    );
  };
}

/** Cross-entropy from logits [b, C] and class indices or soft targets, without smoothing. */
export const crossEntropyLoss: LossFn = crossEntropyWith(0);

/**
 * Mean squared error against float targets; the targets take the output's shape when the
 * sizes agree (an output [b, 1] against y of length b).
 */
export const mseLossFn: LossFn = (output, y) => {
  if (y.length !== output.size) {
    throw new DescentError('bad-shape', `fit: loss 'mse' got ${y.length} targets for an output of shape [${output.shape.join(', ')}]`);
  }
  return mseLoss(output, tensor(y, { shape: output.shape, backend: output.backend }));
};

/** The loss function of a spec; `labelSmoothing` ε > 0 is only meaningful for 'crossEntropy'. */
export function resolveLoss(spec: LossSpec | undefined, yIsClasses: boolean, labelSmoothing = 0): { fn: LossFn; name: string } {
  const s = spec ?? (yIsClasses ? 'crossEntropy' : 'mse');
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new DescentError('bad-arg', `fit: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  if (labelSmoothing > 0 && s !== 'crossEntropy') {
    throw new DescentError('bad-arg', `fit: labelSmoothing ${labelSmoothing} needs loss 'crossEntropy', got ${typeof s === 'function' ? 'a custom function' : `'${String(s)}'`}`);
  }
  if (s === 'crossEntropy') return { fn: labelSmoothing > 0 ? crossEntropyWith(labelSmoothing) : crossEntropyLoss, name: 'crossEntropy' };
  if (s === 'mse') return { fn: mseLossFn, name: 'mse' };
  if (typeof s === 'function') return { fn: s, name: s.name || 'custom' };
  throw new DescentError('bad-arg', `fit: loss must be 'crossEntropy', 'mse' or a function, got ${String(s)}`);
}
