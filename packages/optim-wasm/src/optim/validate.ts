import { DescentError } from '../errors.js';
import type { Hyper } from './types.js';

// PyTorch's constructor checks are the floor; every failure names where, the field and the value.

function bad(where: string, field: string, value: unknown, rule: string): never {
  const shown = typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  throw new DescentError('optim-hyperparam', `${where}: ${field} ${rule}, got ${shown}`);
}

export function finite(where: string, field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(where, field, v, 'must be a finite number');
  return v;
}

/** v >= 0 (PyTorch: "Invalid learning rate", "Invalid epsilon value", ...). */
export function nonNegative(where: string, field: string, v: unknown): number {
  if (finite(where, field, v) < 0) bad(where, field, v, 'must be >= 0');
  return v as number;
}

/** lo <= v <= hi, or lo <= v < hi when `openHigh`. */
export function inRange(where: string, field: string, v: unknown, lo: number, hi: number, openHigh: boolean): number {
  const x = finite(where, field, v);
  if (x < lo || (openHigh ? x >= hi : x > hi)) bad(where, field, v, `must be in [${lo}, ${hi}${openHigh ? ')' : ']'}`);
  return x;
}

export function flag(where: string, field: string, v: unknown): boolean {
  if (typeof v !== 'boolean') bad(where, field, v, 'must be true or false');
  return v;
}

export function oneOf<T extends string>(where: string, field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) bad(where, field, v, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  return v as T;
}

/** betas = [b1, b2], each in [0, 1) (PyTorch: "Invalid beta parameter at index i"). */
export function betas(where: string, v: unknown): readonly [number, number] {
  if (!Array.isArray(v) || v.length !== 2) bad(where, 'betas', v, 'must be a pair [beta1, beta2]');
  inRange(where, 'betas[0]', v[0], 0, 1, true);
  inRange(where, 'betas[1]', v[1], 0, 1, true);
  return v as unknown as readonly [number, number];
}

/** The fields every Adam-family rule shares (Adam, AdamW, Adamax, NAdam, RAdam). */
export function adamFamily(
  where: string,
  o: { lr: unknown; eps: unknown; betas: unknown; weightDecay: unknown; decoupledWeightDecay: unknown; maximize: unknown },
): void {
  nonNegative(where, 'lr', o.lr);
  nonNegative(where, 'eps', o.eps);
  betas(where, o.betas);
  nonNegative(where, 'weightDecay', o.weightDecay);
  flag(where, 'decoupledWeightDecay', o.decoupledWeightDecay);
  flag(where, 'maximize', o.maximize);
}

/** Reject option names the optimizer does not have (a typo must not silently use a default). */
export function knownKeys(where: string, given: object, defaults: Hyper, extra: readonly string[] = []): void {
  for (const k of Object.keys(given)) {
    if (!(k in defaults) && !extra.includes(k)) {
      throw new DescentError('optim-hyperparam', `${where}: unknown option "${k}" (known: ${Object.keys(defaults).join(', ')})`);
    }
  }
}
