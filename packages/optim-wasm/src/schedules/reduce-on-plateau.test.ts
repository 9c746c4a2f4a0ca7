import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type ReduceLROnPlateauState } from './reduce-on-plateau.js';

/** Feed metrics one by one and collect the lr after each step (traced by hand from PyTorch's step()). */
function run(opts: ReduceLROnPlateauOptions, metrics: number[]): number[] {
  const s = new ReduceLROnPlateau(opts);
  return metrics.map((m) => s.step(m));
}

describe('ReduceLROnPlateau (PyTorch semantics, step by step)', () => {
  it('patience: reduces when bad steps exceed patience, then counts afresh', () => {
    // bad counts: -, -, 1, 2, 3→reduce, -, 1, 2, 3→reduce
    expect(run({ lr: 1, factor: 0.5, patience: 2, threshold: 0, thresholdMode: 'abs' }, [10, 9, 9, 9, 9, 8, 8, 8, 8])).toEqual([
      1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25,
    ]);
  });

  it('cooldown: bad steps are ignored for `cooldown` steps after a reduction; minLr floors; eps skips tiny cuts', () => {
    const lrs = run({ lr: 1, factor: 0.1, patience: 0, cooldown: 2, minLr: 0.001 }, new Array<number>(11).fill(5));
    const want = [1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 0.001];
    lrs.forEach((lr, i) => expect(lr, `step ${i + 1}`).toBeCloseTo(want[i]!, 15));
    // a reduction of 5e-9 < eps = 1e-8 is skipped
    expect(run({ lr: 1e-8, factor: 0.5, patience: 0 }, [1, 1, 1])).toEqual([1e-8, 1e-8, 1e-8]);
  });

  it('threshold: rel needs metric < best·(1 − threshold), abs needs metric < best − threshold', () => {
    // best 10: rel 0.1 → better only below 9; 9.5 is a bad step (reduce, patience 0), 8.9 is better
    expect(run({ lr: 1, patience: 0, threshold: 0.1 }, [10, 9.5, 8.9, 8.9])).toEqual([1, 0.1, 0.1, 0.010000000000000002]);
    // abs 0.1 → better below 9.9
    expect(run({ lr: 1, patience: 0, threshold: 0.1, thresholdMode: 'abs' }, [10, 9.5, 9.45])).toEqual([1, 1, 0.1]);
  });

  it("mode 'max' (accuracy): better means metric > best + threshold (abs) or > best·(1 + threshold) (rel)", () => {
    expect(run({ lr: 1, mode: 'max', patience: 1, threshold: 0.01, thresholdMode: 'abs' }, [0.5, 0.505, 0.52, 0.52, 0.52])).toEqual([
      1, 1, 1, 1, 0.1,
    ]);
    expect(run({ lr: 1, mode: 'max', patience: 0, threshold: 0.1 }, [0.5, 0.54, 0.56])).toEqual([1, 0.1, 0.1]);
  });

  it('state is JSON data; a restored machine continues identically', () => {
    const opts = { lr: 1, factor: 0.5, patience: 1, cooldown: 1 };
    const metrics = [5, 4, 4, 4, 3.9, 4, 4, 4, 2, 2, 2, 2];
    const a = new ReduceLROnPlateau(opts);
    expect(a.state().best).toBeNull();
    const b0 = new ReduceLROnPlateau(opts);
    for (const m of metrics.slice(0, 4)) {
      a.step(m);
      b0.step(m);
    }
    const saved = JSON.parse(JSON.stringify(b0.state())) as ReduceLROnPlateauState;
    expect(saved).toMatchObject({ lr: 0.5, best: 4, numBadEpochs: 0, cooldownCounter: 1, lastEpoch: 4 });
    const b = ReduceLROnPlateau.fromState(saved);
    for (const m of metrics.slice(4)) expect(b.step(m)).toBe(a.step(m));
    expect(b.state()).toEqual(a.state());
    expect(b.lr).toBe(a.lr);
  });

  it('validation names the field', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => new ReduceLROnPlateau({ lr: 1, factor: 1 }), /ReduceLROnPlateau: factor must be in \(0, 1\), got 1/],
      [() => new ReduceLROnPlateau({ lr: -1 }), /ReduceLROnPlateau: lr must be a finite number >= 0, got -1/],
      [() => new ReduceLROnPlateau({ lr: 1, patience: 1.5 }), /patience must be an integer >= 0, got 1.5/],
      [() => new ReduceLROnPlateau({ lr: 1, cooldown: -1 }), /cooldown must be an integer >= 0, got -1/],
      [() => new ReduceLROnPlateau({ lr: 1, mode: 'avg' as 'min' }), /mode must be 'min' or 'max', got avg/],
      [() => new ReduceLROnPlateau({ lr: 1, thresholdMode: 'pct' as 'rel' }), /thresholdMode must be 'rel' or 'abs'/],
      [() => new ReduceLROnPlateau({ lr: 1 }).step(Number.NaN), /metric must be a finite number, got NaN \(at step 1\)/],
      [() => ReduceLROnPlateau.fromState({ ...new ReduceLROnPlateau({ lr: 1 }).state(), numBadEpochs: -1 }), /state.numBadEpochs/],
    ];
    for (const [f, pattern] of cases) {
      expect(f).toThrow(DescentError);
      expect(f).toThrow(pattern);
    }
  });
});
