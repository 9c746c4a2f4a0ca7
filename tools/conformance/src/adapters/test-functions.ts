/** The 2-D test functions of the optimizer_trajectory fixtures, with analytic gradients (f64). */
export interface TestFunction {
  value(x: number, y: number): number;
  grad(x: number, y: number): [number, number];
}

export const TEST_FUNCTIONS: Record<string, TestFunction> = {
  // (1 − x)² + 100(y − x²)²
  rosenbrock: {
    value: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  },
  // (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
  beale: {
    value: (x, y) => (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2,
    grad: (x, y) => {
      const a = 1.5 - x + x * y;
      const b = 2.25 - x + x * y * y;
      const c = 2.625 - x + x * y ** 3;
      return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
    },
  },
  // 0.5(x² + 100y²)
  ill_conditioned_quadratic: {
    value: (x, y) => 0.5 * (x * x + 100 * y * y),
    grad: (x, y) => [x, 100 * y],
  },
  // (x² + y − 11)² + (x + y² − 7)²
  himmelblau: {
    value: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
    grad: (x, y) => {
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
    },
  },
};
