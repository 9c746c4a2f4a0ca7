// Fused optimizer kernels: one call per parameter group per step.
export * from './sgd';
export * from './adagrad';
export * from './adadelta';
export * from './rmsprop';
export * from './adam';
export * from './nadam';
export * from './radam';
export * from './adamax';
export { takeNonFiniteParams } from './common';
