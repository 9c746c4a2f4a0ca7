import { DescentError } from '@descent/optim-wasm';

/** Throw a DescentError unless `value` is an integer >= min (and <= max when given). */
export function checkInt(op: string, field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new DescentError('bad-arg', `${op}: '${field}' must be ${range}, got ${String(value)}`);
  }
  return value;
}

/** Throw a DescentError unless `value` is a finite number >= min. */
export function checkNumber(op: string, field: string, value: unknown, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    const range = min === -Infinity ? 'a finite number' : `a finite number >= ${min}`;
    throw new DescentError('bad-arg', `${op}: '${field}' must be ${range}, got ${String(value)}`);
  }
  return value;
}

/** Throw unless every entry of `idx` is an integer in [0, n). */
export function checkIndices(op: string, field: string, idx: ArrayLike<number>, n: number): void {
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new DescentError('bad-index', `${op}: ${field}[${i}] = ${v} is out of range [0, ${n})`);
    }
  }
}
