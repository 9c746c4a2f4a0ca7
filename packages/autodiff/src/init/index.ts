// Initializers in the spirit of torch.nn.init: each fills a tensor in place and returns it.
export { zeros, ones, constant, uniform, normal } from './fill.js';
export { xavierUniform, xavierNormal } from './xavier.js';
export { kaimingUniform, kaimingNormal, type KaimingOptions } from './kaiming.js';
export { calculateGain, calculateFans, type Nonlinearity } from './gain.js';
