// The module's entry: every area re-exports its kernels here.
export * from './memory';
