// The named convention switches, each against its own hand-written formula (f64) — never silent.
import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { adagrad, KERAS_ADAGRAD } from './adagrad.js';
import { adam } from './adam.js';
import { ParamArena } from './param-arena.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import type { Hyper, Optimizer } from './types.js';

const core = loadCoreSync();
const P0 = [0.5, -1.25, 2, 0.75, -0.3];
const G = (t: number) => P0.map((_, i) => Math.fround(Math.cos(t + i) * (i + 1) * 0.3));

/** Run the fused optimizer with per-step lrs; return the params. */
function runFused<O extends Hyper>(opt: Optimizer<O>, lrs: number[]): Float32Array {
  const arena = ParamArena.pack(core, [P0.length]);
  arena.values.write(P0);
  const state = opt.init(arena);
  lrs.forEach((lr, t) => {
    arena.grads.write(G(t));
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
