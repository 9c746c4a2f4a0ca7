// The 2-D test functions of descent with exact gradients — the ONE set: the optimizer race
// (playground and `descent experiment optimizers`), and the conformance runner's
// optimizer_trajectory fixtures all read them from here — and the race's settings as plain data.
// Pure math (f64), no imports, cubes as products (engines' `**` differs in the last bit beyond
// squares): the playground's main thread draws the contours from these definitions (subpath
// `@descent/train/race-functions`, no engine code), while the race engine
// (race.ts) — shared by the playground's worker and `descent experiment optimizers` — optimises them.

/**
 * The 2-D functions of the optimizer race (`descent experiment optimizers --function`, the
 * playground's race view).
 */
export const RACE_FUNCTIONS = ['rosenbrock', 'beale', 'himmelblau', 'quadratic', 'saddle'] as const;
/** One of RACE_FUNCTIONS. */
export type RaceFunctionName = (typeof RACE_FUNCTIONS)[number];

/** The racers: an optim-wasm optimizer plus the options that make it (Momentum = SGD + momentum). */
export const RACERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adamax'] as const;
/** One of RACERS. */
export type RacerName = (typeof RACERS)[number];

/** One race: a function, a start, the shared hyper-parameters and the racers. */
export interface RaceSettings {
  fn: RaceFunctionName;
  racers: RacerName[];
  x0: number;
  y0: number;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
  rho: number;
  alpha: number;
  steps: number;
}

/** The race's hyper-parameters when none are given (the playground's and the CLI's defaults). */
export const RACE_DEFAULTS = { lr: 0.05, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, rho: 0.9, alpha: 0.99, steps: 300 } as const satisfies Partial<RaceSettings>;

/** AdamW's decoupled weight decay in the race (fixed: the race has no slider for it). */
export const RACE_ADAMW_WEIGHT_DECAY = 0.01;

/** Every named 2-D test function: the race's five and the fixtures' ½(x² + 100y²). */
export const TEST_FUNCTION_NAMES = [...RACE_FUNCTIONS, 'ill-conditioned-quadratic'] as const;
/** One of TEST_FUNCTION_NAMES. */
export type TestFunctionName = (typeof TEST_FUNCTION_NAMES)[number];

/** A 2-D test function with its exact gradient (f64 math), the box it is plotted in and a start. */
export interface Function2d {
  name: TestFunctionName;
  /** f(x, y). */
  f(x: number, y: number): number;
  /** ∇f(x, y) = [∂f/∂x, ∂f/∂y]. */
  grad(x: number, y: number): [number, number];
  /** The plotted box [x0, x1, y0, y1]. */
  bounds: [number, number, number, number];
  /** A start point that makes the race interesting. */
  start: [number, number];
  /** Global minima (for the markers). */
  minima: [number, number][];
}
/** Rosenbrock: f = (1 − x)² + 100 (y − x²)²; a curved narrow valley, minimum (1, 1). */
const rosenbrock: Function2d = {
  name: 'rosenbrock',
  f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  bounds: [-2, 2, -1, 3],
  start: [-1.5, 2.5],
  minima: [[1, 1]],
};

/** Beale: f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²; minimum (3, 0.5). */
const beale: Function2d = {
  name: 'beale',
  f: (x, y) => (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2,
  grad: (x, y) => {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
  },
  bounds: [-4.5, 4.5, -4.5, 4.5],
  start: [1, 1.5],
  minima: [[3, 0.5]],
};

/** Himmelblau: f = (x² + y − 11)² + (x + y² − 7)²; four minima, e.g. (3, 2). */
const himmelblau: Function2d = {
  name: 'himmelblau',
  f: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  grad: (x, y) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return [4 * a * x + 2 * b, 2 * a + 4 * b * y];
  },
  bounds: [-5, 5, -5, 5],
  start: [-0.3, -0.9],
  minima: [
    [3, 2],
    [-2.805118, 3.131312],
    [-3.77931, -3.283186],
    [3.584428, -1.848126],
  ],
};

/** f = ½(x² + κy²) (condition number κ), ∇f = [x, κy]; minimum (0, 0). */
function bowl(name: TestFunctionName, kappa: number, bounds: Function2d['bounds'], start: [number, number]): Function2d {
  return { name, f: (x, y) => 0.5 * (x * x + kappa * y * y), grad: (x, y) => [x, kappa * y], bounds, start, minima: [[0, 0]] };
}

/** The race's ill-conditioned quadratic: f = (x² + 25 y²) / 2 (condition number 25); minimum (0, 0). */
const quadratic = bowl('quadratic', 25, [-3, 3, -2, 2], [-2.8, 1.2]);

/** The fixtures' ill-conditioned quadratic: f = (x² + 100 y²) / 2 (condition number 100); minimum (0, 0). */
const illConditionedQuadratic = bowl('ill-conditioned-quadratic', 100, [-3, 3, -1.5, 1.5], [-2, 0.5]);

/** A saddle at the origin: f = x²/2 + y⁴/4 − y²/2; minima (0, ±1). A start on the ridge tests escape. */
const saddle: Function2d = {
  name: 'saddle',
  f: (x, y) => 0.5 * x * x + 0.25 * (y * y) * (y * y) - 0.5 * y * y,
  grad: (x, y) => [x, y * y * y - y],
  bounds: [-2, 2, -1.6, 1.6],
  start: [-1.8, 0.01],
  minima: [
    [0, 1],
    [0, -1],
  ],
};

/** The race's functions (the playground's menu, `--function`). */
export const FUNCTIONS_2D: Record<RaceFunctionName, Function2d> = { rosenbrock, beale, himmelblau, quadratic, saddle };

/** Every test function by name (a fixture's `ill_conditioned_quadratic` is `ill-conditioned-quadratic`). */
export const TEST_FUNCTIONS_2D: Record<TestFunctionName, Function2d> = { ...FUNCTIONS_2D, 'ill-conditioned-quadratic': illConditionedQuadratic };

/** The least value of f over its listed minima (f* for plots of f − f*: −1/4 for the saddle, 0 otherwise). */
export function minimumOf(fn: Function2d): number {
  return Math.min(...fn.minima.map(([x, y]) => fn.f(x, y)));
}
