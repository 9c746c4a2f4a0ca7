import { ParamArena, freeState, getCore, optimizerFromTorch, stateDict, type BlobRef } from '@descent/optim-wasm';
import type { Adapter, Check } from '../adapter.js';
import { Unsupported } from '../adapter.js';
import { data, type FixtureTensor } from '../fixtures.js';

/**
 * optimizer_step: the params become one arena, grads[t] is written to the arena's grads before
 * step t+1, and after every step each parameter is compared; the final state is compared under
 * PyTorch's key names through the state dict.
 */
export const optimizerStep: Adapter = (c) => {
  const core = getCore();
  const params = c.inputs['params'] as FixtureTensor[];
  const grads = c.inputs['grads'] as FixtureTensor[][];
  const arena = ParamArena.pack(core, params.map((p) => p.data.length));
  const opt = optimizerFromTorch(c['optimizer'] as string, c['hyperparams'] as Record<string, unknown>);
  const state = opt.init(arena);
  try {
    params.forEach((p, i) => arena.value(i).write(data(p)));
    const checks: Check[] = [];
    grads.forEach((gs, t) => {
      gs.forEach((g, i) => arena.grad(i).write(data(g)));
      opt.step(arena, state);
      (c.expected['params'][t] as FixtureTensor[]).forEach((e, i) => {
        checks.push({ name: `params[${t}][${i}]`, actual: arena.value(i).read(), expected: data(e) });
      });
    });
    const { json, blob } = stateDict(opt, state);
    (c.expected['state'] as Record<string, FixtureTensor | number>[]).forEach((exp, i) => {
      const mine = json.state[String(i)] ?? {};
      for (const [key, e] of Object.entries(exp)) {
        const a = mine[key];
        const name = `state[${i}].${key}`;
        if (a === undefined) {
          checks.push({ name: `${name} (missing)`, actual: [], expected: typeof e === 'number' ? [e] : data(e) });
        } else if (typeof e === 'number') {
          checks.push({ name, actual: a as number, expected: e, exact: key === 'step' });
        } else {
          const ref = a as BlobRef;
          checks.push({ name, actual: blob.subarray(ref.offset, ref.offset + ref.length), expected: data(e) });
        }
      }
    });
    return checks;
  } finally {
    freeState(state);
    arena.free();
  }
};
