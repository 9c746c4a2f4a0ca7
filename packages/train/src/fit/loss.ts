import { DescentError } from '@descent/optim-wasm';
import { crossEntropy, mseLoss, tensor, type Tensor } from '@descent/autodiff';

/**
 * A loss from the model output [b, …] and the batch targets: class indices (Int32Array) or
 * targets (Float32Array, b or b·outputs values). Returns a scalar tensor (a mean over rows).
 */
export type LossFn = (output: Tensor, y: Int32Array | Float32Array) => Tensor;

export type LossSpec = 'crossEntropy' | 'mse' | LossFn;

/** Cross-entropy from logits [b, C] and class indices (PyTorch's F.cross_entropy, mean). */
export const crossEntropyLoss: LossFn = (output, y) => {
  if (!(y instanceof Int32Array)) throw new DescentError('bad-data', `fit: loss 'crossEntropy' needs class indices (Int32Array y), got ${y.constructor.name}`);
  return crossEntropy(output, y);
};

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

export function resolveLoss(spec: LossSpec | undefined, yIsClasses: boolean): { fn: LossFn; name: string } {
  const s = spec ?? (yIsClasses ? 'crossEntropy' : 'mse');
  if (s === 'crossEntropy') return { fn: crossEntropyLoss, name: 'crossEntropy' };
  if (s === 'mse') return { fn: mseLossFn, name: 'mse' };
  if (typeof s === 'function') return { fn: s, name: s.name || 'custom' };
  throw new DescentError('bad-arg', `fit: loss must be 'crossEntropy', 'mse' or a function, got ${String(s)}`);
}
