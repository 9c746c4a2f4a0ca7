import { Rng } from '@descent/optim-wasm';
import type { Model } from './model.js';
import { seedFor } from './session-options.js';

/**
 * fit's random streams for the model's own stochastic modules (dropout layers): for the step
 * (epoch, batch), module i draws from Rng(seed).fork('fit/dropout').fork('e/b').fork(i), so a
 * step's draws depend on where it is, not on how many came before (resume needs no RNG state).
 * Their own generators are put back after the step.
 */
export class StepStreams {
  private readonly modules: { rng: Rng }[];
  private readonly root: Rng | undefined;

  constructor(model: Model, seed: number | undefined) {
    this.modules = stochasticModules(model);
    this.root = this.modules.length ? new Rng(seedFor('dropout layers', seed)).fork('fit/dropout') : undefined;
  }

  /** True when the model has stochastic modules (else a step needs no streams). */
  get active(): boolean {
    return this.root !== undefined;
  }

  /** Run one step's `fn` with every stochastic module on the stream of (epoch, batch). */
  run<T>(epoch: number, batch: number, fn: () => T): T {
    if (!this.root) return fn();
    const own = this.modules.map((m) => m.rng);
    const stream = this.root.fork(`${epoch}/${batch}`);
    this.modules.forEach((m, i) => (m.rng = stream.fork(i)));
    try {
      return fn();
    } finally {
      this.modules.forEach((m, i) => (m.rng = own[i]!));
    }
  }
}

/** Modules that draw random numbers from an `rng` of their own (dropout layers). */
function stochasticModules(model: Model): { rng: Rng }[] {
  const modules = (model as Model & { modules?: () => object[] }).modules?.() ?? [];
  return modules.filter((m): m is { rng: Rng } => (m as { rng?: unknown }).rng instanceof Rng);
}
