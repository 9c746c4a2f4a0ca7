export { Tensor, type Node, type NestedArray, type StorageBox } from './tensor.js';
export { backward, grad, record, recordView, type GradOptions, type BackwardOptions } from './engine.js';
export { noGrad, enableGrad, isGradEnabled } from './grad-mode.js';
export { defaultBackend, referenceBackend, wasmBackend, withBackend, type AnyBackend } from './context.js';
export { tensor, zeros, ones, full, zerosLike, arange, rand, randn, type TensorOptions } from './create.js';
export { tidy } from './memory.js';
export { bindParameters, packParameters, type ArenaViews } from './parameters.js';
export { broadcastShapes, sizeOf, type Shape } from './shape.js';

export { add, sub, mul, div, pow, maximum, minimum } from './ops/arithmetic.js';
export { neg, abs, sign, exp, log, sqrt, square, reciprocal, sin, cos, tanh, sigmoid, relu, leakyRelu, elu, gelu, softplus, clamp, powScalar } from './ops/unary.js';
export { eq, ne, lt, le, gt, ge, where } from './ops/compare.js';
export { reduceToShape, broadcastTo } from './ops/broadcast.js';
export { matmul, linear, linearRelu, bmm } from './ops/matmul.js';
export { reshape, flatten, squeeze, unsqueeze, permute, transpose, slice, select, concat, stack, indexSelect, gather } from './ops/movement.js';
export { sum, mean, max, min, amax, amin, argmax, variance, type Dim } from './ops/reduce.js';
export { softmax, logSoftmax, logsumexp } from './ops/softmax.js';
export { vectorNorm } from './ops/norm.js';

export { mseLoss } from './losses/mse.js';
export { l1Loss } from './losses/l1.js';
export { huberLoss } from './losses/huber.js';
export { smoothL1Loss } from './losses/smooth-l1.js';
export { binaryCrossEntropyWithLogits } from './losses/bce-with-logits.js';
export { crossEntropy, type CrossEntropyOptions } from './losses/cross-entropy.js';
export type { Reduction } from './losses/reduction.js';

export { gradcheck, type GradcheckOptions, type GradcheckReport, type GradcheckWorst } from './gradcheck.js';
export { hvp, type HvpResult } from './hvp.js';

export { conv2d, unfold, fold, maxPool2d, avgPool2d, type Size2, type WindowOptions, type Conv2dOptions, type MaxPool2dOptions, type AvgPool2dOptions } from './ops/conv.js';
export { nllLoss, type NllLossOptions } from './losses/nll.js';
export * as init from './init/index.js';
export type { KaimingOptions, Nonlinearity } from './init/index.js';
export * from './nn/index.js';
export { decodeSafetensors, encodeSafetensors, type Safetensors, type SafetensorsDtype, type SafetensorsTensor } from './interop/safetensors.js';
export { toSafetensors, stateDictToSafetensors, loadSafetensors, torchKey, descentKey } from './interop/torch-state-dict.js';
