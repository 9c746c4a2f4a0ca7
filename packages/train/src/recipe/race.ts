// The optimizer race engine, ONE copy for the playground's worker and `descent experiment
// optimizers --function …`: every racer is one optim-wasm optimizer over a 2-element ParamArena,
// fed the exact gradient of a 2-D function; one fused kernel call per racer per step.
import { createOptimizer, freeState, getCore, ParamArena, type Hyper, type Optimizer, type OptimizerState } from '@descent/optim-wasm';
import { configError, field, withContext } from './errors.js';
import { FUNCTIONS_2D, RACE_ADAMW_WEIGHT_DECAY, RACE_FUNCTIONS, RACERS, type Function2d, type RaceSettings, type RacerName } from './race-functions.js';

/** The optimizer (and options) behind a racer, from the race's shared hyper-parameters. */
export function racerOptimizer(name: RacerName, c: RaceSettings): Optimizer<Hyper> {
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
      return createOptimizer('adamw', { lr: c.lr, betas, eps: c.eps, weightDecay: RACE_ADAMW_WEIGHT_DECAY });
    case 'nadam':
      return createOptimizer('nadam', { lr: c.lr, betas, eps: c.eps });
    case 'radam':
      return createOptimizer('radam', { lr: c.lr, betas, eps: c.eps });
    case 'adamax':
      return createOptimizer('adamax', { lr: c.lr, betas, eps: c.eps });
  }
}

/** A racer's position (the f32 iterates) and the loss f there, rounded to f32. */
export interface RacerStep {
  x: number;
  y: number;
  loss: number;
}

/** Positions beyond this are called divergence (the plotted boxes are a few units wide). */
export const RACE_FAR = 1e6;

/** One racer: f32 parameters (x, y) in WASM memory, its optimizer and state. */
export class Racer {
  readonly arena: ParamArena;
  private readonly state: OptimizerState<Hyper>;
  readonly optimizer: Optimizer<Hyper>;
  /** Step at which the racer left the finite world (or |x|, |y| > RACE_FAR), or null. */
  diverged: number | null = null;
  steps = 0;

  constructor(
    readonly name: RacerName,
    readonly fn: Function2d,
    config: RaceSettings,
  ) {
    this.optimizer = racerOptimizer(name, config);
    this.arena = ParamArena.pack(getCore(), [2], ['xy']);
    this.arena.values.write([config.x0, config.y0]);
    this.state = this.optimizer.init(this.arena);
  }

  /** Where the racer is now: the f32 iterates and f there (f64 math, rounded to f32). */
  position(): RacerStep {
    const v = this.arena.values.view();
    const x = v[0]!;
    const y = v[1]!;
    return { x, y, loss: Math.fround(this.fn.f(x, y)) };
  }

  /** One optimizer step on g = ∇f(x, y); the new position, or null once diverged. */
  step(): RacerStep | null {
    if (this.diverged !== null) return null;
    const { x, y } = this.position();
    const [gx, gy] = this.fn.grad(x, y);
    this.arena.grads.write([gx, gy]);
    this.optimizer.step(this.arena, this.state);
    this.steps++;
    const p = this.position();
    if (!Number.isFinite(p.loss) || !Number.isFinite(p.x) || !Number.isFinite(p.y) || Math.abs(p.x) > RACE_FAR || Math.abs(p.y) > RACE_FAR) {
      this.diverged = this.steps;
      return null;
    }
    return p;
  }

  /** Free the racer's parameters and optimizer state (WASM memory). */
  free(): void {
    freeState(this.state);
    this.arena.free();
  }
}

/** Check a race's settings; a bad field is a DescentError naming it. */
export function validateRaceSettings(c: RaceSettings): void {
  if (!(RACE_FUNCTIONS as readonly string[]).includes(c.fn)) throw configError(`race: ${field('fn')}: unknown function "${c.fn}" (one of ${RACE_FUNCTIONS.join(', ')})`);
  for (const r of c.racers) if (!(RACERS as readonly string[]).includes(r)) throw configError(`race: ${field('racers')}: unknown optimizer "${r}" (one of ${RACERS.join(', ')})`);
  if (c.racers.length === 0) throw configError(`race: ${field('racers')} is empty; choose at least one optimizer`);
  if (!Number.isInteger(c.steps) || c.steps < 0) throw configError(`race: ${field('steps')} must be a non-negative integer, got ${c.steps}`);
  for (const k of ['x0', 'y0', 'lr', 'momentum', 'beta1', 'beta2', 'eps', 'rho', 'alpha'] as const) {
    if (!Number.isFinite(c[k])) throw configError(`race: ${k === 'x0' || k === 'y0' ? `${field('x0')} (${k})` : field(k)} must be a finite number, got ${c[k]}`);
  }
  if (c.lr < 0) throw configError(`race: ${field('lr')} must be non-negative, got ${c.lr}`);
}

/** All racers of a race, from the same start. */
export function createRace(c: RaceSettings): Racer[] {
  const fn = FUNCTIONS_2D[c.fn];
  return c.racers.map((r) => new Racer(r, fn, c));
}

/** A finished racer: the iterates (start included), f at each, and where it diverged. */
export interface RaceTrack {
  optimizer: RacerName;
  path: [number, number][];
  loss: number[];
  diverged: number | null;
}

/**
 * Run a race to the end (Node, worker or CLI): racer by racer, `c.steps` steps or until it
 * diverges. loss[t] = fround(f(x_t, y_t)) with (x_t, y_t) the f32 iterates; path[0] is the start.
 */
export function runRace(c: RaceSettings): RaceTrack[] {
  validateRaceSettings(c);
  const racers = withContext('race', () => createRace(c));
  try {
    return racers.map((r) => {
      const p0 = r.position();
      const path: [number, number][] = [[p0.x, p0.y]];
      const loss = [p0.loss];
      for (let s = 0; s < c.steps; s++) {
        const p = r.step();
        if (!p) break;
        path.push([p.x, p.y]);
        loss.push(p.loss);
      }
      return { optimizer: r.name, path, loss, diverged: r.diverged };
    });
  } finally {
    for (const r of racers) r.free();
  }
}
