import { createOptimizer, type Hyper, type Optimizer, type OptimizerName } from '@descent/optim-wasm';
import { configError, field, withContext } from './errors.js';

/**
 * The optimizer of a run from its name and the hyper-parameters that were set. A flag that the
 * rule has no use for (`momentum` with adam) is a config error listing the rule's own fields.
 */
export function buildOptimizer(name: OptimizerName, optim: Record<string, unknown>): Optimizer<Hyper> {
  const defaults = createOptimizer(name).defaults as Record<string, unknown>;
  for (const k of Object.keys(optim)) {
    if (!(k in defaults)) {
      const own = Object.keys(defaults)
        .filter((d) => d !== 'maximize')
        .map(field);
      throw configError(`${field(k)} does not apply to ${name} (its options: ${own.join(', ')})`);
    }
  }
  const options = { ...optim };
  if (Array.isArray(options['betas']) && (options['betas'] as number[]).length !== 2) {
    throw configError(`${field('betas')}: expected two numbers b1,b2, got ${(options['betas'] as number[]).join(',')}`);
  }
  return withContext(`${field('optimizer')} ${name}`, () => createOptimizer(name, options));
}
