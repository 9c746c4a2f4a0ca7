import { describe, expect, it } from 'vitest';
import { Downsampler } from './downsample.js';

describe('Downsampler', () => {
  it('keeps at most max buckets whose means preserve the overall mean', () => {
    const d = new Downsampler(100);
    let total = 0;
    const n = 4096;
    for (let i = 0; i < n; i++) {
      d.push(i);
      total += i;
    }
    expect(d.y.length).toBeLessThanOrEqual(100);
    expect(d.y.length).toBeGreaterThan(50);
    // equal-size buckets: the mean of bucket means is the mean of everything pushed so far
    const mean = d.y.reduce((a, b) => a + b, 0) / d.y.length;
    expect(mean).toBeCloseTo(total / n, 6);
    // each bucket mean sits at its bucket's centre for a linear series
    for (let i = 0; i < d.y.length; i++) expect(d.y[i]).toBeCloseTo(d.x[i]! - 1, 6);
  });
  it('is the identity below max', () => {
    const d = new Downsampler(10);
    [3, 1, 4].forEach((v) => d.push(v));
    expect(d.y).toEqual([3, 1, 4]);
    expect(d.x).toEqual([1, 2, 3]);
  });
});
