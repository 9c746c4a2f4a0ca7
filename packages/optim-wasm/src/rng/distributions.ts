import { DescentError } from '../errors.js';
import type { Rng } from './rng.js';
import { portableExp, portableLog } from '../math/portable.js';

function checkPositive(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new DescentError('rng-range', `${what} must be a finite number > 0, got ${value}`);
  }
}

/**
 * log X for X ~ Gamma(a, 1), by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables": d = a − 1/3, c = 1/sqrt(9d); repeat x ~ N(0,1), v = (1 + c x)³ (retry x while
 * 1 + c x ≤ 0), u ∈ (0, 1]; accept when u < 1 − 0.0331 x⁴ or ln u < x²/2 + d(1 − v + ln v);
 * X = d v. For a < 1, Gamma(a) = Gamma(a + 1)·u^(1/a) with u drawn after it. Log space keeps
 * tiny shapes (X ≈ 1e−300 and below) finite.
 */
export function logGammaVariate(rng: Rng, a: number): number {
  if (a < 1) {
    const lg = logGammaVariate(rng, a + 1);
    const u = 1 - rng.uniform53();
    return lg + portableLog(u) / a;
  }
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.uniform53();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || portableLog(u) < 0.5 * x2 + d * (1 - v + portableLog(v))) return portableLog(d) + portableLog(v);
  }
}

/** Gamma(shape, scale) = scale·exp(logGammaVariate(shape)); mean shape·scale, variance shape·scale². */
export function gammaVariate(rng: Rng, shape: number, scale: number): number {
  checkPositive(shape, 'Rng.gamma: shape');
  checkPositive(scale, 'Rng.gamma: scale');
  return scale * portableExp(logGammaVariate(rng, shape));
}

/**
 * Beta(a, b) = X/(X + Y) = 1/(1 + exp(ln Y − ln X)) with X ~ Gamma(a), Y ~ Gamma(b) drawn in that
 * order; mean a/(a + b). Used for Mixup's λ ~ Beta(α, α).
 */
export function betaVariate(rng: Rng, a: number, b: number): number {
  checkPositive(a, 'Rng.beta: a');
  checkPositive(b, 'Rng.beta: b');
  const lx = logGammaVariate(rng, a);
  const ly = logGammaVariate(rng, b);
  return 1 / (1 + portableExp(ly - lx));
}
