import { ParamArena, freeState, getCore, optimizerFromTorch } from '@descent/optim-wasm';
import type { Adapter } from '../adapter.js';
import { Unsupported } from '../adapter.js';
import { data, type FixtureTensor } from '../fixtures.js';
import { TEST_FUNCTIONS } from './test-functions.js';

/**
 * optimizer_trajectory: p = [x, y] is a one-parameter arena; each step the analytic gradient
 * is computed in f64 from the f32 params, written to the grads, and the optimizer steps.
 */
export const optimizerTrajectory: Adapter = (c) => {
  const fname = (c['function'] as { name: string }).name;
  const f = TEST_FUNCTIONS[fname];
  if (!f) throw new Unsupported(`no analytic gradient for test function ${fname}`);
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
      losses.push(f.value(x!, y!));
      return [x!, y!] as const;
    };
    let [x, y] = record();
    for (let k = 0; k < steps; k++) {
      arena.grad(0).write(f.grad(x, y));
      opt.step(arena, state);
      [x, y] = record();
    }
    return [
      { name: 'trajectory', actual: trajectory, expected: data(c.expected['trajectory'] as FixtureTensor) },
      { name: 'losses', actual: losses, expected: data(c.expected['losses'] as FixtureTensor) },
      { name: 'final_loss', actual: losses[losses.length - 1]!, expected: c.expected['final_loss'] as number },
    ];
  } finally {
    freeState(state);
    arena.free();
  }
};
