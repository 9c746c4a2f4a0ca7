/** A 2-D test function with its gradient, a start point, a plotting window and its minimum value. */
export interface TestFunction {
  name: string;
  f(x: number, y: number): number;
  grad(x: number, y: number): [number, number];
  start: [number, number];
  window: { x: [number, number]; y: [number, number] };
  minimum: number;
  /** Learning rates per optimizer family, chosen so each rule makes progress from `start`. */
  lr: { sgd: number; adaptive: number; adagrad: number; adadelta: number };
}

/** Rosenbrock's banana f = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1). */
export const rosenbrock: TestFunction = {
  name: 'rosenbrock',
  f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  start: [-1.2, 1],
  window: { x: [-2, 2], y: [-1, 3] },
  minimum: 0,
  lr: { sgd: 1e-3, adaptive: 0.02, adagrad: 0.5, adadelta: 1 },
};

/** Beale f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, 0.5). */
export const beale: TestFunction = {
  name: 'beale',
  f: (x, y) => (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2,
  grad: (x, y) => {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y ** 3;
    return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
  },
  start: [1, 1.5],
  window: { x: [-1, 4.5], y: [-1.5, 2] },
  minimum: 0,
  lr: { sgd: 1e-3, adaptive: 0.05, adagrad: 0.5, adadelta: 1 },
};

/** Himmelblau f = (x² + y − 11)² + (x + y² − 7)², four minima of value 0 (e.g. (3, 2)). */
export const himmelblau: TestFunction = {
  name: 'himmelblau',
  f: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  grad: (x, y) => [4 * x * (x * x + y - 11) + 2 * (x + y * y - 7), 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)],
  start: [-0.5, 0.5],
  window: { x: [-5, 5], y: [-5, 5] },
  minimum: 0,
  lr: { sgd: 5e-3, adaptive: 0.1, adagrad: 1, adadelta: 1 },
};

/** Ill-conditioned quadratic f = ½(x² + 50y²) (condition number 50), minimum 0 at the origin. */
export const quadratic: TestFunction = {
  name: 'ill-conditioned quadratic',
  f: (x, y) => 0.5 * (x * x + 50 * y * y),
  grad: (x, y) => [x, 50 * y],
  start: [-4.5, 1.5],
  window: { x: [-5, 5], y: [-2, 2] },
  minimum: 0,
  lr: { sgd: 0.035, adaptive: 0.1, adagrad: 1, adadelta: 1 },
};

export const TEST_FUNCTIONS = [rosenbrock, beale, himmelblau, quadratic];

/** f on a grid over the window (row-major, y outer), for the contour plot. */
export function gridOf(fn: TestFunction, n = 60): { xs: number[]; ys: number[]; values: number[] } {
  const xs = Array.from({ length: n }, (_, i) => fn.window.x[0] + ((fn.window.x[1] - fn.window.x[0]) * i) / (n - 1));
  const ys = Array.from({ length: n }, (_, j) => fn.window.y[0] + ((fn.window.y[1] - fn.window.y[0]) * j) / (n - 1));
  const values: number[] = [];
  for (const y of ys) for (const x of xs) values.push(fn.f(x, y) - fn.minimum);
  return { xs, ys, values };
}
