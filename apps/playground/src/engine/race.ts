// The optimizer race: every racer is one optim-wasm optimizer over a 2-element ParamArena,
// fed the exact gradient of a 2-D function. One fused kernel call per racer per step.
import { createOptimizer, getCore, ParamArena, type Hyper, type Optimizer, type OptimizerState } from '@descent/optim-wasm';
import type { RaceConfig, RacerName } from '../config.js';
import { FUNCTIONS_2D, type Function2d } from './functions2d.js';

/** The optimizer (and options) behind a racer, from the race's shared sliders. */
export function racerOptimizer(name: RacerName, c: RaceConfig): Optimizer<Hyper> {
  const betas = [c.beta1, c.beta2];
  switch (name) {
    case 'sgd':
      return createOptimizer('sgd', { lr: c.lr });
    case 'momentum':
      return createOptimizer('sgd', { lr: c.lr, momentum: c.momentum });
    case 'nesterov':
      return createOptimizer('sgd', { lr: c.lr, momentum: c.momentum, nesterov: true });
    case 'adagrad':
      return createOptimizer('adagrad', { lr: c.lr, eps: c.eps });
    case 'adadelta':
      // Adadelta scales its own steps: PyTorch's lr = 1 is the paper's rule; only ρ and ε are tuned.
      return createOptimizer('adadelta', { lr: 1, rho: c.rho, eps: c.eps });
    case 'rmsprop':
      return createOptimizer('rmsprop', { lr: c.lr, alpha: c.alpha, eps: c.eps });
    case 'adam':
      return createOptimizer('adam', { lr: c.lr, betas, eps: c.eps });
    case 'adamw':
      return createOptimizer('adamw', { lr: c.lr, betas, eps: c.eps, weightDecay: 0.01 });
    case 'nadam':
      return createOptimizer('nadam', { lr: c.lr, betas, eps: c.eps });
    case 'radam':
      return createOptimizer('radam', { lr: c.lr, betas, eps: c.eps });
    case 'adamax':
      return createOptimizer('adamax', { lr: c.lr, betas, eps: c.eps });
  }
}

export interface RacerStep {
  x: number;
  y: number;
  loss: number;
}

/** Positions beyond this are called divergence (the plot is a few units wide). */
const FAR = 1e6;

export class Racer {
  readonly arena: ParamArena;
  private readonly state: OptimizerState<Hyper>;
  readonly optimizer: Optimizer<Hyper>;
  /** Step at which the racer left the finite world, or null. */
  diverged: number | null = null;
  steps = 0;

  constructor(
    readonly name: RacerName,
    readonly fn: Function2d,
    config: RaceConfig,
  ) {
    this.optimizer = racerOptimizer(name, config);
    this.arena = ParamArena.pack(getCore(), [2], ['xy']);
    this.arena.values.write([config.x0, config.y0]);
    this.state = this.optimizer.init(this.arena);
  }

  /** Where the racer is now (f32 parameters, loss in f64 rounded to f32). */
  position(): RacerStep {
    const v = this.arena.values.view();
    const x = v[0]!;
    const y = v[1]!;
    return { x, y, loss: Math.fround(this.fn.f(x, y)) };
  }

  /** One optimizer step; returns the new position, or null once diverged. */
  step(): RacerStep | null {
    if (this.diverged !== null) return null;
    const { x, y } = this.position();
    const [gx, gy] = this.fn.grad(x, y);
    this.arena.grads.write([gx, gy]);
    this.optimizer.step(this.arena, this.state);
    this.steps++;
    const p = this.position();
    if (!Number.isFinite(p.loss) || !Number.isFinite(p.x) || !Number.isFinite(p.y) || Math.abs(p.x) > FAR || Math.abs(p.y) > FAR) {
      this.diverged = this.steps;
      return null;
    }
    return p;
  }

  free(): void {
    this.arena.free();
  }
}

/** All racers of a config, from the same start. */
export function createRace(c: RaceConfig): Racer[] {
  const fn = FUNCTIONS_2D[c.fn];
  return c.racers.map((r) => new Racer(r, fn, c));
}

/** Run a race for `steps` steps in Node or a worker: loss per racer per step (for tests and the CLI). */
export function runRace(c: RaceConfig, steps = c.steps): Record<string, number[]> {
  const racers = createRace(c);
  const out: Record<string, number[]> = {};
  try {
    for (const r of racers) {
      const losses = [r.position().loss];
      for (let s = 0; s < steps; s++) {
        const p = r.step();
        if (!p) break;
        losses.push(p.loss);
      }
      out[r.name] = losses;
    }
  } finally {
    for (const r of racers) r.free();
  }
  return out;
}
