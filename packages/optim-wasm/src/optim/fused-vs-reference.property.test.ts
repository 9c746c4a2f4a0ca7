// fast-check: the fused f32 WASM kernel = the f64 twin (fed the same f32-rounded inputs), for
// every rule, on random sizes (SIMD body + scalar tail), hyper-parameters and convention switches.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { referenceOptimizer } from '../reference/optim/index.js';
import { ParamArena } from './param-arena.js';
import { createOptimizer } from './registry.js';
import { freeState } from './make-optimizer.js';
import type { OptimizerName } from './types.js';

const core = loadCoreSync();
const f32 = (x: number) => Math.fround(x);
const betas = fc.tuple(fc.constantFrom(0, 0.5, 0.8, 0.9), fc.constantFrom(0.9, 0.99, 0.999));
const lr = fc.constantFrom(1e-3, 1e-2, 0.05);
const wd = fc.constantFrom(0, 1e-2, 0.1);
const eps = fc.constantFrom(1e-8, 1e-6, 1e-3);
const bool = fc.boolean();

const OPTIONS: Record<OptimizerName, fc.Arbitrary<Record<string, unknown>>> = {
  sgd: fc
    .record({ lr, momentum: fc.constantFrom(0, 0.5, 0.9), dampening: fc.constantFrom(0, 0.1), nesterov: bool, weightDecay: wd, decoupledWeightDecay: bool, maximize: bool, keras: bool })
    .map(({ keras, ...o }) => {
      const nesterov = o.nesterov && o.momentum > 0;
      const dampening = nesterov || keras ? 0 : o.dampening;
      return { ...o, nesterov, dampening, nesterovForm: keras ? 'keras' : 'pytorch' };
    }),
  adagrad: fc.record({ lr, lrDecay: fc.constantFrom(0, 0.01), weightDecay: wd, initialAccumulatorValue: fc.constantFrom(0, 0.1), eps, decoupledWeightDecay: bool, maximize: bool, epsInsideSqrt: bool }),
  adadelta: fc.record({ lr: fc.constantFrom(0.1, 1), rho: fc.constantFrom(0.5, 0.9, 0.95), eps, weightDecay: wd, decoupledWeightDecay: bool, maximize: bool }),
  rmsprop: fc.record({ lr, alpha: fc.constantFrom(0.9, 0.99), eps, weightDecay: wd, momentum: fc.constantFrom(0, 0.9), centered: bool, maximize: bool, epsInsideSqrt: bool, decoupledWeightDecay: bool, momentumForm: fc.constantFrom('pytorch', 'keras') }),
  adam: fc.record({ lr, betas, eps, weightDecay: wd, decoupledWeightDecay: bool, amsgrad: bool, maximize: bool, epsHat: bool }),
  adamw: fc.record({ lr, betas, eps, weightDecay: wd, amsgrad: bool, maximize: bool, epsHat: bool }),
  nadam: fc.record({ lr, betas, eps, weightDecay: wd, momentumDecay: fc.constantFrom(4e-3, 0.05), decoupledWeightDecay: bool, maximize: bool }),
  radam: fc.record({ lr, betas, eps, weightDecay: wd, decoupledWeightDecay: bool, maximize: bool }),
  adamax: fc.record({ lr, betas, eps, weightDecay: wd, decoupledWeightDecay: bool, maximize: bool, epsOutsideMax: bool }),
};

const case_ = fc.record({
  lengths: fc.array(fc.integer({ min: 0, max: 37 }), { minLength: 1, maxLength: 3 }),
  steps: fc.integer({ min: 1, max: 8 }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});

/** Deterministic values in [-1, 1) from a seed (xorshift32), rounded to f32. */
function values(seed: number, n: number): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return f32(((s >>> 0) / 2 ** 32) * 2 - 1);
  });
}

describe('fused kernel = f64 reference twin', () => {
  for (const name of Object.keys(OPTIONS) as OptimizerName[]) {
    it(name, () => {
      fc.assert(
        fc.property(OPTIONS[name], case_, (options, { lengths, steps, seed }) => {
          const fused = createOptimizer(name, options);
          const ref = referenceOptimizer(name, options);
          const arena = ParamArena.pack(core, lengths);
          const state = fused.init(arena);
          try {
            const p64 = lengths.map((n, i) => Float64Array.from(values(seed + i, n)));
            p64.forEach((p, i) => arena.value(i).write(p));
            const rs = ref.init(p64);
            for (let t = 0; t < steps; t++) {
              const grads = lengths.map((n, i) => Float64Array.from(values(seed * 31 + t * 7 + i, n).map((g) => f32(2 * g))));
              grads.forEach((g, i) => arena.grad(i).write(g));
              fused.step(arena, state);
              ref.step(p64, grads, rs);
            }
            p64.forEach((p, i) => {
              const a = arena.value(i).read();
              for (let k = 0; k < p.length; k++) {
                const e = p[k]!;
                const tol = 1e-4 * Math.abs(e) + 2e-5 * steps;
                if (!(Math.abs(a[k]! - e) <= tol)) {
                  throw new Error(`${name} ${JSON.stringify(options)} param ${i}[${k}] after ${steps} steps: ${a[k]} vs ${e}`);
                }
              }
            });
          } finally {
            freeState(state);
            arena.free();
          }
        }),
        { seed: 20240601, numRuns: 60 },
      );
    });
  }
});
