// Shared by the Keras 3 and TF.js golden ports (src/optim/*-golden.test.ts): run a descent
// optimizer step by step on given parameters, and each library's closeness rule. Not library code.
import { loadCoreSync } from '../../src/core/loader.js';
import { freeState } from '../../src/optim/make-optimizer.js';
import { ParamArena } from '../../src/optim/param-arena.js';
import type { Hyper, Optimizer, ParamGroupSpec } from '../../src/optim/types.js';

const core = loadCoreSync();

/** Gradients of every parameter for step t (0-based), given the parameters before the step. */
export type GradFn = (x: number[][], t: number) => number[][];

/**
 * Take `steps` steps of `opt` from `x0` (one array per parameter), with `lrs[t]` as step t's
 * learning rate when given; returns the parameters after every step.
 */
export function trajectory<O extends Hyper>(
  opt: Optimizer<O>,
  x0: number[][],
  steps: number,
  grad: GradFn,
  options: { lrs?: number[]; groups?: ParamGroupSpec<O>[] } = {},
): number[][][] {
  const arena = ParamArena.pack(core, x0.map((p) => p.length));
  const state = opt.init(arena, options.groups);
  try {
    x0.forEach((p, i) => arena.value(i).write(p));
    const read = () => x0.map((_, i) => Array.from(arena.value(i).read()));
    const out: number[][][] = [];
    for (let t = 0; t < steps; t++) {
      grad(read(), t).forEach((g, i) => arena.grad(i).write(g));
      opt.step(arena, state, options.lrs ? { lr: options.lrs[t]! } : {});
      out.push(read());
    }
    return out;
  } finally {
    freeState(state);
    arena.free();
  }
}

/** The same gradients at every step. */
export const constant = (...g: number[][]): GradFn => () => g;

/** ∇ Σ x² = 2x: TF.js's tests minimise `x.square().sum()`. */
export const sumOfSquaresGrad: GradFn = (x) => x.map((p) => p.map((v) => 2 * v));

/** Keras's assertAllClose: |a − e| <= atol + rtol·|e| for every element. */
export function kerasClose(actual: readonly number[], expected: readonly number[], rtol: number, atol: number, what: string): void {
  check(actual, expected, (a, e) => Math.abs(a - e) <= atol + rtol * Math.abs(e), `${what} (rtol ${rtol}, atol ${atol})`);
}

/** TF.js's expectArraysClose: |a − e| <= epsilon (its float32 default is 1e-3) for every element. */
export function tfjsClose(actual: readonly number[], expected: readonly number[], what: string, epsilon = 1e-3): void {
  check(actual, expected, (a, e) => Math.abs(a - e) <= epsilon, `${what} (epsilon ${epsilon})`);
}

function check(actual: readonly number[], expected: readonly number[], ok: (a: number, e: number) => boolean, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  expected.forEach((e, i) => {
    if (!ok(actual[i]!, e)) throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${e}\n  got      [${actual.join(', ')}]\n  expected [${expected.join(', ')}]`);
  });
}
