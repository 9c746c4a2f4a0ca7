// Layers in the spirit of torch.nn: a Module base with named parameters, buffers and children.
export { Module, type StateDict, type StateEntry, type StateDictInput, type LoadStateDictResult } from './module.js';
export type { ParamOptions } from './options.js';
export { Linear, type LinearOptions } from './linear.js';
export { Conv2d, type Conv2dLayerOptions } from './conv2d.js';
export { MaxPool2d, AvgPool2d } from './pooling.js';
export { Flatten } from './flatten.js';
export { Sequential } from './sequential.js';
export { ReLU, LeakyReLU, ELU, GELU, Tanh, Sigmoid, Softplus, Identity } from './activations.js';
export { functionalCall } from './functional-call.js';
export { packModule } from './pack-module.js';
