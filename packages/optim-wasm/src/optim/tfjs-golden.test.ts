// TensorFlow.js's optimizer tests, ported: their inputs and published expected numbers
// (tensorflow/tfjs at 0fc04d9, tfjs-core/src/optimizers/*_optimizer_test.ts), run through descent
// with the switches that make each rule TF.js's. Every test minimises f(x) = Σx² (g = 2x);
// `cost` is f before the step. With TF.js's constant lr the RMSprop momentum forms agree; the
// conventions test shows where they part. Tolerances are the tests' own (expectArraysClose: 1e-3 unless given).
// TF.js's default epsilon is the float32 backend's, 1e-7.
// Not ported (descent has no such rule): Adadelta (TF.js divides by the accumulated gradient
// BEFORE this step's update, sqrt(accum_grad_old + ε)), the Adagrad weights loaded into an Adam
// optimizer ('Continue training after loading weights'), and optimizer_test.ts's varList /
// trainable variable selection.
import { describe, it } from 'vitest';
import { sumOfSquaresGrad, tfjsClose, trajectory } from '../../test/support/golden.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamax } from './adamax.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import type { Hyper, Optimizer } from './types.js';

const cost = (x: number[][]) => x.flat().reduce((s, v) => s + v * v, 0);
const run = <O extends Hyper>(opt: Optimizer<O>, x0: number[], steps: number, lrs?: number[]) =>
  trajectory(opt, [x0], steps, sumOfSquaresGrad, lrs ? { lrs } : {}).map((x) => x[0]!);

describe('TF.js sgd_optimizer_test.ts', () => {
  it("'basic' and 'Set and get weights': x = 4, lr 0.1 → 3.2, 2.56, 2.048", () => {
    const xs = run(sgd({ lr: 0.1 }), [4], 3);
    tfjsClose(xs[0]!, [-2 * 4 * 0.1 + 4], 'step 1');
    tfjsClose(xs[1]!, [2.56], 'step 2');
    tfjsClose(xs[2]!, [2.048], 'step 3');
  });
});

describe('TF.js momentum_optimizer_test.ts (tf.train.momentum: PyTorch’s buffer form)', () => {
  it("'basic': lr 0.1, momentum 0.5 → [0.8, 1.6], [0.54, 1.08]", () => {
    const xs = run(sgd({ lr: 0.1, momentum: 0.5 }), [1, 2], 2);
    tfjsClose(xs[0]!, [0.8, 1.6], 'step 1');
    tfjsClose(xs[1]!, [0.54, 1.08], 'step 2');
  });
  it("'basic - with Nesterov' and 'Save, load weights': → [0.7, 1.4], [0.44, 0.88], cost 2.45", () => {
    const xs = run(sgd({ lr: 0.1, momentum: 0.5, nesterov: true }), [1, 2], 2);
    tfjsClose(xs[0]!, [0.7, 1.4], 'step 1');
    tfjsClose([cost([xs[0]!])], [2.45], 'cost of step 2');
    tfjsClose(xs[1]!, [0.44, 0.88], 'step 2');
  });
});

describe('TF.js adagrad_optimizer_test.ts (accumulator 0.1, ε inside the root)', () => {
  it("'basic': lr 0.1, initialAccumulatorValue 0.1", () => {
    const xs = run(adagrad({ lr: 0.1, initialAccumulatorValue: 0.1, eps: 1e-7, epsInsideSqrt: true }), [1, 2], 2);
    tfjsClose(xs[0]!, [0.9012270405, 1.9003110428], 'step 1');
    tfjsClose(xs[1]!, [0.8347372764, 1.83015597828], 'step 2', 1e-2);
  });
});

describe('TF.js rmsprop_optimizer_test.ts (ε inside the root, lr inside the momentum)', () => {
  const tfjs = (o: Record<string, unknown>) => rmsprop({ lr: 0.1, alpha: 0.95, momentum: 0.1, eps: 1e-7, epsInsideSqrt: true, momentumForm: 'keras', ...o });
  it("'basic' and 'Save and load weights: centered = false'", () => {
    const xs = run(tfjs({}), [1, 2], 2);
    tfjsClose(xs[0]!, [0.55279, 1.55279], "'basic' step 1");
    tfjsClose(xs[1]!, [0.28745, 1.222943], "'basic' step 2", 1e-2);
    tfjsClose(xs[0]!, [0.5527865, 1.5527864], "'Save and load' step 1");
    tfjsClose([cost([xs[0]!])], [2.7167187], "'Save and load' cost of step 2");
    tfjsClose(xs[1]!, [0.2874418, 1.2294267], "'Save and load' step 2");
  });
  // TF.js's centered form subtracts ε inside the root, sqrt(ms − mg² − ε); descent (as Keras)
  // adds it. At ε = 1e-8 and 1e-7 that moves the result by ~1e-8, far inside the tolerance.
  it("'gradient with centered momentum' (ε 1e-8)", () => {
    const xs = run(tfjs({ centered: true, eps: 1e-8 }), [1, 2], 2);
    tfjsClose(xs[0]!, [0.54117, 1.541169], 'step 1');
    tfjsClose(xs[1]!, [0.267785, 1.2035924], 'step 2', 1e-2);
  });
  it("'Save, load weights and continue training: centered = true' (ε 1e-7)", () => {
    const xs = run(tfjs({ centered: true }), [1, 2], 2);
    tfjsClose(xs[0]!, [0.5411684, 1.5411685], 'step 1');
    tfjsClose([cost([xs[0]!])], [2.668063], 'cost of step 2');
    tfjsClose(xs[1]!, [0.2677834, 1.2035918], 'step 2');
    tfjsClose([cost([xs[1]!])], [1.520341], 'cost of step 3');
  });
});

describe('TF.js adam_optimizer_test.ts (ε after bias correction: PyTorch’s form)', () => {
  it("'basic' and 'Continue training after loading weights': lr 0.1, β (0.8, 0.9)", () => {
    const xs = run(adam({ lr: 0.1, betas: [0.8, 0.9], eps: 1e-7 }), [2, 4], 2);
    tfjsClose(xs[0]!, [1.9, 3.9], 'step 1');
    tfjsClose([cost([xs[0]!])], [18.82], 'cost of step 2');
    tfjsClose(xs[1]!, [1.8000001, 3.8002], 'step 2');
    tfjsClose([cost([xs[1]!])], [17.681284], 'cost of step 3');
  });
});

describe('TF.js adamax_optimizer_test.ts (ε outside the max)', () => {
  it("'basic': lr 0.1, β (0.8, 0.9), decay 0.1 (lr_t = lr/(1 + decay·t), t from 0, given per step)", () => {
    const lrs = [0, 1].map((t) => 0.1 / (1 + 0.1 * t));
    const xs = run(adamax({ betas: [0.8, 0.9], eps: 1e-7, epsOutsideMax: true }), [2, 4], 2, lrs);
    tfjsClose(xs[0]!, [1.9, 3.9], 'step 1');
    tfjsClose(xs[1]!, [1.80697, 3.8086], 'step 2');
  });
});
