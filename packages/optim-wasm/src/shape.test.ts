import { describe, expect, it } from 'vitest';
import { DescentError } from './errors.js';
import {
  broadcastShapes,
  broadcastStrides,
  broadcastsTo,
  checkLength,
  checkShape,
  normalizeAxes,
  normalizeAxis,
  reducedShape,
  sameShape,
  size,
  strides,
} from './shape.js';

describe('shape utilities', () => {
  it('size and row-major strides', () => {
    expect(size([])).toBe(1);
    expect(size([2, 0, 3])).toBe(0);
    expect(size([2, 3, 4])).toBe(24);
    expect(strides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(strides([])).toEqual([]);
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([1, 3], [3])).toBe(false);
  });

  it('broadcasts like NumPy and names the op and shapes when it cannot', () => {
    expect(broadcastShapes([5, 4], [1])).toEqual([5, 4]);
    expect(broadcastShapes([5, 4], [4])).toEqual([5, 4]);
    expect(broadcastShapes([15, 3, 5], [15, 1, 5])).toEqual([15, 3, 5]);
    expect(broadcastShapes([8, 1, 6, 1], [7, 1, 5])).toEqual([8, 7, 6, 5]);
    expect(broadcastShapes([], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes([0, 1], [1, 4])).toEqual([0, 4]);
    expect(() => broadcastShapes([2, 1], [8, 4, 3], 'binary(add)')).toThrow(DescentError);
    expect(() => broadcastShapes([2, 1], [8, 4, 3], 'binary(add)')).toThrow(/binary\(add\): shapes \[2, 1\] and \[8, 4, 3\] do not broadcast \(axis -2: 2 vs 4\)/);
    expect(broadcastsTo([3, 1], [2, 3, 4])).toBe(true);
    expect(broadcastsTo([3, 2], [2, 3, 4])).toBe(false);
    expect(broadcastsTo([1, 2, 3], [2, 3])).toBe(false);
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([2, 3], [2, 3])).toEqual([3, 1]);
  });

  it('normalizes axes (negative from the end, sorted, unique) with clear errors', () => {
    expect(normalizeAxes(undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes(null, 2)).toEqual([0, 1]);
    expect(normalizeAxes(-1, 3)).toEqual([2]);
    expect(normalizeAxes([2, -3], 3)).toEqual([0, 2]);
    expect(normalizeAxes([], 3)).toEqual([]);
    expect(normalizeAxis(-1, 0)).toBe(0);
    expect(() => normalizeAxes([0, -2], 2, 'sum')).toThrow(/sum: axis 0 appears more than once/);
    expect(() => normalizeAxis(3, 3, 'softmax')).toThrow(/softmax: axis 3 is out of range for a tensor of rank 3/);
    expect(() => normalizeAxis(0.5, 3)).toThrow(DescentError);
    expect(reducedShape([2, 3, 4], [0, 2])).toEqual([1, 3, 1]);
  });

  it('rejects bad shapes and lengths', () => {
    expect(() => checkShape([2, -1], 'zeros')).toThrow(/zeros: shape \[2, -1\] has an invalid size -1 at axis 1/);
    expect(() => checkShape([2, 1.5], 'zeros')).toThrow(/invalid size 1.5/);
    expect(() => checkShape([2, NaN], 'zeros')).toThrow(DescentError);
    expect(() => checkLength(5, [2, 3], 'binary', 'a')).toThrow(/binary: a has 5 elements but its shape \[2, 3\] needs 6/);
    expect(() => checkLength(6, [2, 3], 'binary', 'a')).not.toThrow();
  });
});
