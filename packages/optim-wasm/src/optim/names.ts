// The optimizer names as plain data (no imports): UIs list them without loading the engine.

/** Every optimizer name, in a stable order. */
export const OPTIMIZER_NAMES = ['sgd', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adamax'] as const;

/** One of `OPTIMIZER_NAMES`. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
