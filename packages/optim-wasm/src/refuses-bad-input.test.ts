// The core refuses what it cannot use (a DescentError naming the argument), instead of loading NaN
// or drawing from a distribution that does not exist.
import { describe, expect, it } from 'vitest';
import { DescentError, getCore, Rng } from './index.js';

function refusal(f: () => unknown): DescentError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DescentError);
    return e as DescentError;
  }
  throw new Error('expected a DescentError, nothing was thrown');
}

describe('bad input is refused, naming the argument', () => {
  it('F32Buffer.write with a string or non-numbers', () => {
    const b = getCore().alloc(2);
    expect(refusal(() => b.write('ab' as unknown as number[])).message).toBe('F32Buffer.write: data must be an array or typed array of numbers, got the string "ab"');
    expect(refusal(() => b.write([1, '2'] as unknown as number[])).message).toBe('F32Buffer.write: data[1] must be a number, got string "2"');
    expect([...b.read()]).toEqual([0, 0]);
    b.write([1.5, 2]);
    expect([...b.read()]).toEqual([1.5, 2]);
  });

  it('Rng.normal with a negative or non-finite std, or a non-finite mean (PyTorch: std >= 0)', () => {
    const rng = new Rng(0);
    expect(refusal(() => rng.normal(0, -1)).message).toBe('Rng.normal: std must be >= 0, got -1');
    expect(refusal(() => rng.normal(0, NaN)).message).toBe('Rng.normal: std must be a finite number, got NaN');
    expect(refusal(() => rng.normal('0' as unknown as number, 1)).message).toBe('Rng.normal: mean must be a finite number, got the string "0"');
    expect(rng.counter).toBe(0); // nothing drawn by a refused call
    expect(Number.isFinite(rng.normal(0, 0))).toBe(true);
  });
});
