// The module's entry: every area re-exports its kernels here.
export * from './memory';
export * from './rng';
export * from './matmul';
export * from './optim/index';
export * from './clip';
export * from './movement';
export * from './conv';
export * from './elementwise';
export * from './broadcast';
export * from './reduce';
export * from './softmax';
