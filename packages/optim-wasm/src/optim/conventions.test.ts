// The named convention switches, each against its own hand-written formula (f64) — never silent.
import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { adadelta } from './adadelta.js';
import { adagrad, KERAS_ADAGRAD } from './adagrad.js';
import { adam, adamw } from './adam.js';
import { adamax } from './adamax.js';
import { OPTIMIZER_NAMES } from './names.js';
import { ParamArena } from './param-arena.js';
import { clipGradNorm } from './pre-steps.js';
import { createOptimizer } from './registry.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import type { Hyper, Optimizer } from './types.js';

const core = loadCoreSync();
const P0 = [0.5, -1.25, 2, 0.75, -0.3];
const G = (t: number) => P0.map((_, i) => Math.fround(Math.cos(t + i) * (i + 1) * 0.3));

/** Run the fused optimizer with per-step lrs (gradients `grads(t)`, default G); return the params. */
function runFused<O extends Hyper>(opt: Optimizer<O>, lrs: number[], grads: (t: number) => number[] = G): Float32Array {
  const arena = ParamArena.pack(core, [P0.length]);
  arena.values.write(P0);
  const state = opt.init(arena);
  lrs.forEach((lr, t) => {
    arena.grads.write(grads(t));
    opt.step(arena, state, { lr });
  });
  return arena.values.read();
}

function expectClose(actual: ArrayLike<number>, expected: number[], rtol = 2e-5): void {
  expected.forEach((e, i) => expect(Math.abs(actual[i]! - e)).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(e))));
}

const LRS = [0.1, 0.05, 0.2, 0.01, 0.1];

describe("nesterovForm: 'keras' (lr inside the velocity, Sutskever form)", () => {
  for (const nesterov of [false, true]) {
    it(`nesterov=${nesterov}: v = μv − lr·g; p += ${nesterov ? 'μv − lr·g' : 'v'}`, () => {
      const mu = 0.9;
      const p = [...P0];
      const v = P0.map(() => 0);
      LRS.forEach((lr, t) => {
        G(t).forEach((g, i) => {
          v[i] = mu * v[i]! - lr * g;
          p[i] = p[i]! + (nesterov ? mu * v[i]! - lr * g : v[i]!);
        });
      });
      const keras = runFused(sgd({ momentum: mu, nesterov, nesterovForm: 'keras' }), LRS);
      expectClose(keras, p);
      // With a constant lr both forms coincide; with a changing lr they do not.
      const constant = LRS.map(() => 0.1);
      const a = runFused(sgd({ momentum: mu, nesterov, nesterovForm: 'keras' }), constant);
      const b = runFused(sgd({ momentum: mu, nesterov }), constant);
      expectClose(a, Array.from(b));
      const c = runFused(sgd({ momentum: mu, nesterov }), LRS);
      expect(Math.max(...Array.from(c).map((x, i) => Math.abs(x - keras[i]!)))).toBeGreaterThan(1e-3);
    });
  }
});

describe('epsInsideSqrt (TF/Keras)', () => {
  it('adagrad: p −= clr·g/sqrt(sum + eps)', () => {
    const eps = 0.01;
    const p = [...P0];
    const sum = P0.map(() => 0.1);
    LRS.forEach((lr, t) => {
      G(t).forEach((g, i) => {
        sum[i] = sum[i]! + g * g;
        p[i] = p[i]! - (lr * g) / Math.sqrt(sum[i]! + eps);
      });
    });
    expectClose(runFused(adagrad({ eps, initialAccumulatorValue: 0.1, epsInsideSqrt: true }), LRS), p);
  });
  it("adagrad keras: true presets Keras's accumulator 0.1, eps 1e-7 inside the root; explicit options win", () => {
    expect(adagrad({ keras: true }).defaults).toMatchObject({ ...KERAS_ADAGRAD, lr: 1e-2 });
    expect(adagrad({ keras: true, eps: 1e-3 }).defaults.eps).toBe(1e-3);
    expect(adagrad().defaults).toMatchObject({ initialAccumulatorValue: 0, eps: 1e-10, epsInsideSqrt: false });
  });
  it('rmsprop: avg = sqrt(v + eps), centered: sqrt(v − ga² + eps)', () => {
    for (const centered of [false, true]) {
      const eps = 0.01;
      const alpha = 0.9;
      const p = [...P0];
      const v = P0.map(() => 0);
      const ga = P0.map(() => 0);
      LRS.forEach((lr, t) => {
        G(t).forEach((g, i) => {
          v[i] = alpha * v[i]! + (1 - alpha) * g * g;
          ga[i] = alpha * ga[i]! + (1 - alpha) * g;
          const w = centered ? v[i]! - ga[i]! ** 2 : v[i]!;
          p[i] = p[i]! - (lr * g) / Math.sqrt(w + eps);
        });
      });
      expectClose(runFused(rmsprop({ alpha, eps, centered, epsInsideSqrt: true }), LRS), p);
    }
  });
});

describe('epsHat (Keras Adam, the paper’s ε̂)', () => {
  it('p −= lr·sqrt(1−b2^t)/(1−b1^t) · m/(sqrt(v) + eps), which differs from PyTorch when eps matters', () => {
    const [b1, b2, eps] = [0.9, 0.999, 0.1];
    const p = [...P0];
    const m = P0.map(() => 0);
    const v = P0.map(() => 0);
    LRS.forEach((lr, k) => {
      const t = k + 1;
      G(k).forEach((g, i) => {
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        p[i] = p[i]! - ((lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)) * (m[i]! / (Math.sqrt(v[i]!) + eps));
      });
    });
    const hat = runFused(adam({ eps, epsHat: true }), LRS);
    expectClose(hat, p);
    const torch = runFused(adam({ eps }), LRS);
    expect(Math.max(...Array.from(torch).map((x, i) => Math.abs(x - hat[i]!)))).toBeGreaterThan(1e-3);
  });
});

/** max |a_i − b_i|: how far two runs ended apart. */
const gap = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!)));

describe('decoupledWeightDecay (Keras 3 weight_decay, AdamW): p ← p − lr·wd·p before the update', () => {
  const wd = 0.05;
  it('every optimizer: with zero gradients the rule adds nothing, so p = p0·Π(1 − lr_t·wd) (Keras test_weight_decay)', () => {
    const zero = () => P0.map(() => 0);
    const shrink = LRS.reduce((f, lr) => f * (1 - lr * wd), 1);
    for (const name of OPTIMIZER_NAMES) {
      const decoupled = runFused(createOptimizer(name, { weightDecay: wd, decoupledWeightDecay: true }), LRS, zero);
      expectClose(decoupled, P0.map((p) => p * shrink), 1e-6);
      // adamw is always decoupled; for plain SGD the two forms coincide (Loshchilov & Hutter 2019)
      if (name === 'adamw' || name === 'sgd') continue;
      // L2 puts wd·p into g instead, which the adaptive rules normalise: not the same trajectory
      const l2 = runFused(createOptimizer(name, { weightDecay: wd }), LRS, zero);
      expect(gap(l2, decoupled), name).toBeGreaterThan(1e-4);
    }
  });
  for (const form of ['pytorch', 'keras'] as const) {
    it(`sgd with Nesterov momentum, nesterovForm '${form}': decay first, then the momentum step`, () => {
      const mu = 0.9;
      const p = [...P0];
      const buf = P0.map(() => 0);
      LRS.forEach((lr, t) => {
        G(t).forEach((g, i) => {
          p[i] = p[i]! - lr * wd * p[i]!;
          if (form === 'keras') {
            buf[i] = mu * buf[i]! - lr * g;
            p[i] = p[i]! + mu * buf[i]! - lr * g;
          } else {
            buf[i] = mu * buf[i]! + g;
            p[i] = p[i]! - lr * (g + mu * buf[i]!);
          }
        });
      });
      expectClose(runFused(sgd({ momentum: mu, nesterov: true, nesterovForm: form, weightDecay: wd, decoupledWeightDecay: true }), LRS), p);
    });
  }
  it('adadelta: decay first, then δ = sqrt(u + eps)/sqrt(v + eps)·g', () => {
    const [rho, eps] = [0.9, 1e-3];
    const p = [...P0];
    const v = P0.map(() => 0);
    const u = P0.map(() => 0);
    LRS.forEach((lr, t) => {
      G(t).forEach((g, i) => {
        p[i] = p[i]! - lr * wd * p[i]!;
        v[i] = rho * v[i]! + (1 - rho) * g * g;
        const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(v[i]! + eps)) * g;
        u[i] = rho * u[i]! + (1 - rho) * delta * delta;
        p[i] = p[i]! - lr * delta;
      });
    });
    expectClose(runFused(adadelta({ rho, eps, weightDecay: wd, decoupledWeightDecay: true }), LRS), p);
  });
  it('adagrad (Keras form): decay with the optimizer lr, then p −= lr·g/sqrt(sum + eps)', () => {
    const p = [...P0];
    const sum = P0.map(() => 0.1);
    LRS.forEach((lr, t) => {
      G(t).forEach((g, i) => {
        p[i] = p[i]! - lr * wd * p[i]!;
        sum[i] = sum[i]! + g * g;
        p[i] = p[i]! - (lr * g) / Math.sqrt(sum[i]! + 1e-7);
      });
    });
    expectClose(runFused(adagrad({ keras: true, weightDecay: wd, decoupledWeightDecay: true }), LRS), p);
  });
  it('adam with decoupledWeightDecay is adamw, and adamw cannot be made coupled', () => {
    const a = runFused(adam({ weightDecay: wd, decoupledWeightDecay: true }), LRS);
    const w = runFused(adamw({ weightDecay: wd }), LRS);
    expect(Array.from(a)).toEqual(Array.from(w));
    expect(adamw().defaults.decoupledWeightDecay).toBe(true);
    expect(adam().defaults.decoupledWeightDecay).toBe(false);
    expect(() => adamw({ decoupledWeightDecay: false })).toThrow(/adamw: decoupledWeightDecay must be true for adamw/);
  });
});

describe('adamax epsOutsideMax (Keras, TF.js): u = max(β2·u, |g|), p −= lr/bc1 · m/(u + ε)', () => {
  /** The Keras/TF.js Adamax in f64, with Keras's decoupled weight decay first when wd > 0. */
  function kerasAdamax(b1: number, b2: number, eps: number, wd: number): number[] {
    const p = [...P0];
    const m = P0.map(() => 0);
    const u = P0.map(() => 0);
    LRS.forEach((lr, k) => {
      const t = k + 1;
      G(k).forEach((g, i) => {
        p[i] = p[i]! - lr * wd * p[i]!;
        m[i] = b1 * m[i]! + (1 - b1) * g;
        u[i] = Math.max(b2 * u[i]!, Math.abs(g));
        p[i] = p[i]! - (lr / (1 - b1 ** t)) * (m[i]! / (u[i]! + eps));
      });
    });
    return p;
  }
  it('follows the formula over steps with a changing lr, and differs from PyTorch’s max(β2·u, |g| + ε)', () => {
    const [b1, b2, eps] = [0.9, 0.99, 0.2];
    const keras = runFused(adamax({ betas: [b1, b2], eps, epsOutsideMax: true }), LRS);
    expectClose(keras, kerasAdamax(b1, b2, eps, 0));
    // the forms agree while |g| sets the max and part ways once β2·u does: far beyond f32 rounding
    const torch = runFused(adamax({ betas: [b1, b2], eps }), LRS);
    expect(gap(torch, keras)).toBeGreaterThan(1e-4);
  });
  it('with decoupledWeightDecay (Keras Adamax weight_decay): decay first', () => {
    const opt = adamax({ eps: 1e-7, epsOutsideMax: true, weightDecay: 0.1, decoupledWeightDecay: true });
    expectClose(runFused(opt, LRS), kerasAdamax(0.9, 0.999, 1e-7, 0.1));
  });
});

describe("rmsprop momentumForm 'keras' (Keras, TF.js): lr inside the momentum buffer", () => {
  for (const centered of [false, true]) {
    it(`centered=${centered}: b = μ·b + lr·g/sqrt(w + ε), p −= b; equal to PyTorch's form at a constant lr, not under a schedule`, () => {
      const [rho, mu, eps, wd] = [0.9, 0.8, 1e-7, 0.02];
      const p = [...P0];
      const v = P0.map(() => 0);
      const ga = P0.map(() => 0);
      const b = P0.map(() => 0);
      LRS.forEach((lr, t) => {
        G(t).forEach((g, i) => {
          p[i] = p[i]! - lr * wd * p[i]!;
          v[i] = rho * v[i]! + (1 - rho) * g * g;
          ga[i] = rho * ga[i]! + (1 - rho) * g;
          const w = centered ? v[i]! - ga[i]! ** 2 : v[i]!;
          b[i] = mu * b[i]! + (lr * g) / Math.sqrt(w + eps);
          p[i] = p[i]! - b[i]!;
        });
      });
      // the whole Keras 3 RMSprop: rho → alpha, eps inside the root, lr in the buffer, decoupled decay
      const keras = { alpha: rho, eps, centered, momentum: mu, epsInsideSqrt: true, momentumForm: 'keras', weightDecay: wd, decoupledWeightDecay: true } as const;
      const k = runFused(rmsprop(keras), LRS);
      expectClose(k, p);
      const torchForm = { ...keras, momentumForm: 'pytorch' } as const;
      expect(gap(runFused(rmsprop(torchForm), LRS), k)).toBeGreaterThan(1e-3);
      const constant = LRS.map(() => 0.05);
      expectClose(runFused(rmsprop(keras), constant), Array.from(runFused(rmsprop(torchForm), constant)));
    });
  }
  it('without momentum the form changes nothing', () => {
    const a = runFused(rmsprop({ momentumForm: 'keras' }), LRS);
    expect(Array.from(a)).toEqual(Array.from(runFused(rmsprop(), LRS)));
  });
});

describe("clipGradNorm form 'keras': g·c / max(‖g‖, c)", () => {
  // three parameters with norms 5, 0.5 and 13
  const PARAMS = [[3, -4], [0.3, 0.4], [5, 12, 0]];
  const norm = (g: number[]) => Math.hypot(...g);
  function clipped(c: number, options: Parameters<typeof clipGradNorm>[3]): { grads: number[][]; total: number } {
    const arena = ParamArena.pack(core, PARAMS.map((g) => g.length));
    PARAMS.forEach((g, i) => arena.grad(i).write(g));
    const total = clipGradNorm(arena, c, 2, options);
    const grads = PARAMS.map((_, i) => Array.from(arena.grad(i).read()));
    arena.free();
    return { grads, total };
  }
  it('perParameter (Keras clipnorm): each gradient by its own norm', () => {
    const c = 1;
    const { grads, total } = clipped(c, { form: 'keras', perParameter: true });
    PARAMS.forEach((g, i) => expectClose(grads[i]!, g.map((x) => (x * c) / Math.max(norm(g), c)), 1e-6));
    expect(total).toBeCloseTo(norm(PARAMS.flat()), 5);
    expect(grads[1]).toEqual(PARAMS[1]!.map(Math.fround)); // under the limit: untouched
  });
  it('global (Keras global_clipnorm): all by the global norm; PyTorch’s 1e-6 makes it slightly smaller', () => {
    const c = 2;
    const all = norm(PARAMS.flat());
    const keras = clipped(c, { form: 'keras' }).grads.flat();
    expectClose(keras, PARAMS.flat().map((x) => (x * c) / Math.max(all, c)), 1e-6);
    const torch = clipped(c, {}).grads.flat();
    expectClose(torch, PARAMS.flat().map((x) => (x * c) / (all + 1e-6)), 1e-6);
    expect(clipped(100, { form: 'keras' }).grads.flat()).toEqual(PARAMS.flat().map(Math.fround));
  });
  it('a non-finite norm: NaN everywhere (global, as Keras), only in that parameter (per parameter)', () => {
    const arena = ParamArena.pack(core, [2, 2]);
    arena.grad(0).write([1, Infinity]);
    arena.grad(1).write([3, 4]);
    clipGradNorm(arena, 1, 2, { form: 'keras', perParameter: true });
    expect(Array.from(arena.grad(0).read())).toEqual([0, NaN]); // g·c/max(inf, c) as Keras: 0 and inf·0
    expectClose(arena.grad(1).read(), [0.6, 0.8], 1e-6);
    arena.grad(1).write([3, 4]);
    arena.grad(0).write([1, Infinity]);
    clipGradNorm(arena, 1, 2, { form: 'keras' });
    expect(Array.from(arena.grads.read()).every(Number.isNaN)).toBe(true);
    arena.free();
  });
});
