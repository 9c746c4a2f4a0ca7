import { describe, expect, it } from 'vitest';
import { ensembleDisagreement } from './disagreement.js';

describe('ensembleDisagreement', () => {
  it('regression: mean and population variance across members per input', () => {
    const r = ensembleDisagreement([Float32Array.from([1, 0]), Float32Array.from([3, 0]), Float32Array.from([2, 0])]);
    expect(Array.from(r.mean)).toEqual([2, 0]);
    expect(r.variance[0]).toBeCloseTo(2 / 3, 15);
    expect(r.variance[1]).toBe(0);
    expect(r.entropy).toBeUndefined();
  });

  it('classification: entropy of the mean, expected entropy and mutual information (nats)', () => {
    // Input 0: members agree on [0.5, 0.5] → no disagreement, H = ln 2 all aleatoric.
    // Input 1: members confident on opposite classes → mean [0.5, 0.5], MI = ln 2 all epistemic.
    const a = [0.5, 0.5, 1, 0];
    const b = [0.5, 0.5, 0, 1];
    const r = ensembleDisagreement([a, b], 2);
    expect(Array.from(r.mean)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(r.entropy![0]).toBeCloseTo(Math.LN2, 15);
    expect(r.expectedEntropy![0]).toBeCloseTo(Math.LN2, 15);
    expect(r.mutualInformation![0]).toBeCloseTo(0, 15);
    expect(r.entropy![1]).toBeCloseTo(Math.LN2, 15);
    expect(r.expectedEntropy![1]).toBe(0);
    expect(r.mutualInformation![1]).toBeCloseTo(Math.LN2, 15);
    // Total variance: Σ_c (1/B) Σ_b (p_bc − p̄_c)² = 0.25 + 0.25.
    expect(Array.from(r.variance)).toEqual([0, 0.5]);
  });

  it('mutual information is never negative and at most the entropy', () => {
    const members = [
      [0.7, 0.2, 0.1, 0.3, 0.3, 0.4],
      [0.6, 0.3, 0.1, 0.1, 0.1, 0.8],
      [0.2, 0.2, 0.6, 0.3, 0.4, 0.3],
    ];
    const r = ensembleDisagreement(members.map((m) => Float32Array.from(m)), 3);
    for (let i = 0; i < 2; i++) {
      expect(r.mutualInformation![i]).toBeGreaterThanOrEqual(0);
      expect(r.mutualInformation![i]).toBeLessThanOrEqual(r.entropy![i]!);
      expect(r.mutualInformation![i]).toBeCloseTo(r.entropy![i]! - r.expectedEntropy![i]!, 12);
    }
  });

  it('rejects logits, shapes that do not divide and unequal members', () => {
    expect(() => ensembleDisagreement([[2, -1]], 2)).toThrow(/member 0 row 0 has a negative probability -1/);
    expect(() => ensembleDisagreement([[0.9, 0.9]], 2)).toThrow(/sums to 1.8, not 1 \(pass probabilities, not logits\)/);
    expect(() => ensembleDisagreement([[0.5, 0.5, 1]], 2)).toThrow(/3 values, not a multiple of classes = 2/);
    expect(() => ensembleDisagreement([[1], [1, 2]])).toThrow(/member 1 has 2 values/);
  });
});
