// The f64 twins against every public optimizer fixture at 1e-9 (a float64 implementation must
// meet it, FORMAT.md): optimizer_step cases step by step and their final state, and the
// optimizer_trajectory cases with analytic gradients.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nameFromTorch, optionsFromTorch } from '../../optim/registry.js';
import { referenceOptimizer, torchStateOf } from './index.js';

const dir = fileURLToPath(new URL('../../../../../fixtures/public', import.meta.url));
type T = { shape: number[]; data: number[] };
const load = (prefix: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .flatMap((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')).cases as any[]);

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (!(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)))) throw new Error(`${what}[${i}]: ${a} != ${e}`);
  }
}

const FUNCTIONS: Record<string, (x: number, y: number) => [number, number]> = {
  rosenbrock: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  beale: (x, y) => {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y ** 3;
    return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
  },
  ill_conditioned_quadratic: (x, y) => [x, 100 * y],
  himmelblau: (x, y) => [4 * x * (x * x + y - 11) + 2 * (x + y * y - 7), 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)],
};

describe('reference optimizers reproduce the optimizer_step fixtures to 1e-9', () => {
  const cases = load('optimizer_step.');
  it('has the public cases', () => expect(cases.length).toBeGreaterThanOrEqual(180));
  for (const c of cases) {
    it(c.id, () => {
      const opt = referenceOptimizer(nameFromTorch(c.optimizer), optionsFromTorch(c.hyperparams));
      const params = (c.inputs.params as T[]).map((p) => Float64Array.from(p.data));
      const state = opt.init(params);
      (c.inputs.grads as T[][]).forEach((gs, t) => {
        opt.step(params, gs.map((g) => Float64Array.from(g.data)), state);
        (c.expected.params[t] as T[]).forEach((e, i) => close(params[i]!, e.data, `params[${t}][${i}]`));
      });
      (c.expected.state as Record<string, T | number>[]).forEach((exp, i) => {
        const mine = torchStateOf(state.tensors[i]!);
        for (const [k, e] of Object.entries(exp)) {
          const a = mine[k];
          if (typeof e === 'number') close([a as number], [e], `state[${i}].${k}`);
          else close(a as Float64Array, e.data, `state[${i}].${k}`);
        }
      });
    });
  }
});

describe('reference optimizers reproduce the optimizer_trajectory fixtures to 1e-9', () => {
  for (const c of load('optimizer_trajectory.')) {
    it(c.id, () => {
      const grad = FUNCTIONS[c.function.name]!;
      const opt = referenceOptimizer(nameFromTorch(c.optimizer), optionsFromTorch(c.hyperparams));
      const p = Float64Array.from(c.inputs.start as number[]);
      const state = opt.init([p]);
      const traj: number[] = [p[0]!, p[1]!];
      for (let k = 0; k < c.inputs.steps; k++) {
        opt.step([p], [Float64Array.from(grad(p[0]!, p[1]!))], state);
        traj.push(p[0]!, p[1]!);
      }
      close(traj, c.expected.trajectory.data, 'trajectory');
    });
  }
});
