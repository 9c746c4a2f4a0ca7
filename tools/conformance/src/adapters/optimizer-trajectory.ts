import { ParamArena, freeState, getCore, optimizerFromTorch } from '@descent/optim-wasm';
import { add, mul, packParameters, powScalar, select, sub, tensor, tidy, type Tensor } from '@descent/autodiff';
import type { Adapter, Check } from '../adapter.js';
import { Unsupported } from '../adapter.js';
import { data, type FixtureTensor } from '../fixtures.js';
import { TEST_FUNCTION_NAMES, TEST_FUNCTIONS_2D, type Function2d, type TestFunctionName } from '@descent/train';

/** A fixture's test function from @descent/train's one set (`ill_conditioned_quadratic` → `ill-conditioned-quadratic`). */
function testFunction(fixtureName: string): Function2d | undefined {
  const name = fixtureName.replace(/_/g, '-');
  return (TEST_FUNCTION_NAMES as readonly string[]).includes(name) ? TEST_FUNCTIONS_2D[name as TestFunctionName] : undefined;
}

/**
 * optimizer_trajectory, run twice (issue #4): both variants must pass.
 * 1. analytic: p = [x, y] is a one-parameter arena; each step the analytic gradient is computed
 *    in f64 from the f32 params, written to the grads, and the optimizer steps.
 * 2. autodiff (checks prefixed `autodiff:`): p is a [2] tensor packed into the arena
 *    (`packParameters`); each step f(p) is built from @descent/autodiff ops, `loss.backward()`
 *    writes ∇f into the arena's grads, and the optimizer steps — the PyTorch protocol.
 */
export const optimizerTrajectory: Adapter = (c) => {
  const fname = (c['function'] as { name: string }).name;
  const f = testFunction(fname);
  const g = AUTODIFF_FUNCTIONS[fname];
  if (!f || !g) throw new Unsupported(`no analytic gradient or autodiff expression for test function ${fname}`);
  return [...checksFor(c, analyticRun(c, f), ''), ...checksFor(c, autodiffRun(c, g), 'autodiff:')];
};

interface Run {
  trajectory: number[];
  losses: number[];
}

function checksFor(c: Parameters<Adapter>[0], r: Run, prefix: string): Check[] {
  return [
    { name: `${prefix}trajectory`, actual: r.trajectory, expected: data(c.expected['trajectory'] as FixtureTensor) },
    { name: `${prefix}losses`, actual: r.losses, expected: data(c.expected['losses'] as FixtureTensor) },
    { name: `${prefix}final_loss`, actual: r.losses[r.losses.length - 1]!, expected: c.expected['final_loss'] as number },
  ];
}

function analyticRun(c: Parameters<Adapter>[0], f: Function2d): Run {
  const start = c.inputs['start'] as number[];
  const steps = c.inputs['steps'] as number;
  const arena = ParamArena.pack(getCore(), [2], ['p']);
  const opt = optimizerFromTorch(c['optimizer'] as string, c['hyperparams'] as Record<string, unknown>);
  const state = opt.init(arena);
  try {
    arena.value(0).write(start);
    const trajectory: number[] = [];
    const losses: number[] = [];
    const record = () => {
      const [x, y] = arena.value(0).read();
      trajectory.push(x!, y!);
      losses.push(f.f(x!, y!));
      return [x!, y!] as const;
    };
    let [x, y] = record();
    for (let k = 0; k < steps; k++) {
      arena.grad(0).write(f.grad(x, y));
      opt.step(arena, state);
      [x, y] = record();
    }
    return { trajectory, losses };
  } finally {
    freeState(state);
    arena.free();
  }
}

/** The test functions as autodiff expressions of p = [x, y] (f32, WASM backend), written like the formulas. */
const AUTODIFF_FUNCTIONS: Record<string, (x: Tensor, y: Tensor) => Tensor> = {
  // (1 − x)² + 100(y − x²)²
  rosenbrock: (x, y) => add(powScalar(sub(1, x), 2), mul(100, powScalar(sub(y, powScalar(x, 2)), 2))),
  // (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
  beale: (x, y) =>
    add(
      add(powScalar(add(sub(1.5, x), mul(x, y)), 2), powScalar(add(sub(2.25, x), mul(x, powScalar(y, 2))), 2)),
      powScalar(add(sub(2.625, x), mul(x, powScalar(y, 3))), 2),
    ),
  // 0.5(x² + 100y²)
  ill_conditioned_quadratic: (x, y) => mul(0.5, add(powScalar(x, 2), mul(100, powScalar(y, 2)))),
  // (x² + y − 11)² + (x + y² − 7)²
  himmelblau: (x, y) => add(powScalar(sub(add(powScalar(x, 2), y), 11), 2), powScalar(sub(add(x, powScalar(y, 2)), 7), 2)),
};

function autodiffRun(c: Parameters<Adapter>[0], f: (x: Tensor, y: Tensor) => Tensor): Run {
  const start = c.inputs['start'] as number[];
  const steps = c.inputs['steps'] as number;
  const p = tensor(start, { shape: [2], requiresGrad: true });
  const arena = packParameters([p as never]);
  const opt = optimizerFromTorch(c['optimizer'] as string, c['hyperparams'] as Record<string, unknown>);
  const state = opt.init(arena);
  try {
    const trajectory: number[] = [];
    const losses: number[] = [];
    // the loss at the current p (f32 forward); with `backward`, ∇f lands in arena.grads
    const evaluate = (backward: boolean) =>
      tidy(() => {
        arena.zeroGrad();
        const loss = f(select(p, 0, 0), select(p, 0, 1));
        losses.push(loss.item());
        trajectory.push(...arena.value(0).read());
        if (backward) loss.backward();
      });
    for (let k = 0; k < steps; k++) {
      evaluate(true);
      opt.step(arena, state);
      p.markModified();
    }
    evaluate(false);
    return { trajectory, losses };
  } finally {
    freeState(state);
    arena.free();
  }
}
