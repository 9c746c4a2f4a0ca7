// Keras 3's learning-rate schedule tests, ported where descent has the rule (keras-team/keras at
// 3422977, keras/src/optimizers/schedules/learning_rate_schedule_test.py): their inputs, and
// their expected values (literal, or the closed forms those tests compute), at their tolerance
// (assertAllClose rtol 1e-6, atol 1e-6 unless the test gives none).
// Not ported (descent has no such rule): InverseTimeDecay; PiecewiseConstantDecay (Keras moves
// to the next value only AFTER a boundary, x > b; multiStepLr switches AT a milestone, as
// PyTorch); PolynomialDecay with end_learning_rate ≠ 0 or cycle=True; CosineDecayRestarts'
// m_mul ≠ 1; CosineDecay past decay_steps (Keras holds the final value, descent's closed form
// rises again, as PyTorch's); test_fit_lr_correctness (a Keras model's losses).
import { describe, it } from 'vitest';
import { kerasClose } from '../../test/support/golden.js';
import { exponentialLr, polynomialLr, stepLr } from './basic.js';
import { cosineAnnealingLr, cosineAnnealingWarmRestarts } from './cosine.js';
import type { LrSchedule } from './validate.js';
import { linearWarmup } from './warmup.js';

function at(schedule: LrSchedule, expected: [step: number, lr: number][], what: string, tol = 1e-6): void {
  for (const [step, lr] of expected) kerasClose([schedule(step)], [lr], tol, tol, `${what} at step ${step}`);
}
const STEPS = [0, 250, 500, 750, 1000, 1250];
/** The tests' own oracles: Keras's cosine decay (clamped) and its restarts with t_mul, m_mul = 1. */
const cosineDecay = (step: number, T: number, alpha = 0) => (1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * Math.min(step, T)) / T)) + alpha;
function cosineRestarts(step: number, T: number, tMul: number, alpha = 0): number {
  while (step >= T) [step, T] = [step - T, T * tMul];
  return (1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * step) / T)) + alpha;
}

describe('Keras 3 ExponentialDecay', () => {
  it('test_continuous: ExponentialDecay(0.05, 10, 0.96) = exponentialLr with γ = 0.96^(1/10)', () => {
    at(exponentialLr({ lr: 0.05, gamma: 0.96 ** (1 / 10) }), [[5, 0.05 * 0.96 ** (5 / 10)]], 'ExponentialDecay');
  });
  it('test_staircase / test_variables: ExponentialDecay(0.1, 3, 0.96, staircase=True) = stepLr', () => {
    at(stepLr({ lr: 0.1, stepSize: 3, gamma: 0.96 }), [[1, 0.1], [2, 0.1], [100, 0.1 * 0.96 ** Math.floor(100 / 3)]], 'staircase');
  });
});

describe('Keras 3 PolynomialDecay with end_learning_rate 0 (LinearDecayTest, SqrtDecayTest)', () => {
  it('test_halfway: PolynomialDecay(0.05, 10, 0) at step 5 = lr/2, power 0.5: lr·0.5^0.5', () => {
    at(polynomialLr({ lr: 0.05, totalIters: 10, power: 1 }), [[5, 0.05 * 0.5]], 'linear');
    at(polynomialLr({ lr: 0.05, totalIters: 10, power: 0.5 }), [[5, 0.05 * 0.5 ** 0.5]], 'sqrt');
  });
});

describe('Keras 3 CosineDecay (steps within decay_steps)', () => {
  const within = STEPS.filter((s) => s <= 1000);
  it('test_decay / test_float64: CosineDecay(1.0, 1000)', () => {
    at(cosineAnnealingLr({ lr: 1, tMax: 1000 }), within.map((s) => [s, cosineDecay(s, 1000)]), 'CosineDecay');
  });
  it('test_alpha: alpha 0.1 = etaMin 0.1·lr', () => {
    at(cosineAnnealingLr({ lr: 1, tMax: 1000, etaMin: 0.1 }), within.map((s) => [s, cosineDecay(s, 1000, 0.1)]), 'CosineDecay alpha');
  });
  // assertAllClose without a tolerance: rtol = atol = 1e-6
  it('test_warmup: 0 → 10 over 1500 warmup steps = linearWarmup(startFactor 0) of a cosine from 10', () => {
    const s = linearWarmup(cosineAnnealingLr({ lr: 10, tMax: 10 }), { warmupSteps: 1500 });
    at(s, [0, 250, 500, 750, 1000, 1250].map((t) => [t, (t / 1500) * 10]), 'warmup');
  });
  it('test_warmup_decay: 2000 warmup steps to 10, then CosineDecay over 1000', () => {
    const s = linearWarmup(cosineAnnealingLr({ lr: 10, tMax: 1000 }), { warmupSteps: 2000 });
    const steps = Array.from({ length: 12 }, (_, k) => 250 * k).filter((t) => t - 2000 <= 1000);
    at(s, steps.map((t) => [t, t <= 2000 ? (t / 2000) * 10 : 10 * cosineDecay(t - 2000, 1000)]), 'warmup + decay');
  });
});

describe('Keras 3 CosineDecayRestarts (m_mul 1)', () => {
  it('test_decay / test_float64: t_mul 2', () => {
    at(cosineAnnealingWarmRestarts({ lr: 1, t0: 1000, tMult: 2 }), STEPS.map((s) => [s, cosineRestarts(s, 1000, 2)]), 'restarts');
  });
  it('test_alpha: alpha 0.1 = etaMin 0.1·lr', () => {
    at(cosineAnnealingWarmRestarts({ lr: 1, t0: 1000, tMult: 2, etaMin: 0.1 }), STEPS.map((s) => [s, cosineRestarts(s, 1000, 2, 0.1)]), 'restarts alpha');
  });
  it('test_tmul: t_mul 1', () => {
    at(cosineAnnealingWarmRestarts({ lr: 1, t0: 1000, tMult: 1 }), STEPS.map((s) => [s, cosineRestarts(s, 1000, 1)]), 'restarts t_mul 1');
  });
});
