// Reading the experiments' view flags (strings from commander) into numbers.
import { usageError } from '../errors.js';

/** The number a flag holds, `fallback` when it was not given; a usage error naming the flag otherwise. */
export function numberFlag(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw usageError(`--${flag}: expected a number, got "${raw}"`);
  return v;
}
