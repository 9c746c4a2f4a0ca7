import { DescentError, portableLog } from '@descent/optim-wasm';
import { checkInt } from '../data/check.js';
import { checkMembers } from './bootstrap.js';

/** What `ensembleDisagreement` returns, per input row. */
export interface Disagreement {
  /** Mean prediction over members: [m] (regression) or [m, classes] probabilities. */
  mean: Float64Array;
  /**
   * Predictive variance per input: (1/B) Σ_b (p_b − p̄)² for regression; for classification the
   * total variance Σ_c (1/B) Σ_b (p_bc − p̄_c)² (trace of the covariance of the probability vector).
   */
  variance: Float64Array;
  /** Classification only: entropy of the mean prediction H(p̄) = −Σ_c p̄_c ln p̄_c (nats). */
  entropy?: Float64Array;
  /** Classification only: mean member entropy (1/B) Σ_b H(p_b), the aleatoric part. */
  expectedEntropy?: Float64Array;
  /** Classification only: mutual information H(p̄) − (1/B) Σ_b H(p_b) >= 0 (BALD), the epistemic part. */
  mutualInformation?: Float64Array;
}

const plogp = (p: number) => (p > 0 ? p * portableLog(p) : 0);

/**
 * How much the members of an ensemble disagree, per input. `predictions[b]` is member b's
 * output: [m] regression values (classes omitted or 1) or [m, classes] probabilities (each row
 * non-negative, summing to 1 within 1e-3).
 */
export function ensembleDisagreement(predictions: ArrayLike<ArrayLike<number>>, classes = 1): Disagreement {
  const op = 'ensembleDisagreement';
  checkInt(op, 'classes', classes, 1);
  const len = checkMembers(op, predictions);
  if (len % classes !== 0) throw new DescentError('bad-shape', `${op}: members have ${len} values, not a multiple of classes = ${classes}`);
  const members = Array.from(predictions);
  const B = members.length;
  const m = len / classes;
  const mean = new Float64Array(len);
  for (const p of members) for (let i = 0; i < len; i++) mean[i]! += p[i]!;
  for (let i = 0; i < len; i++) mean[i]! /= B;
  const variance = new Float64Array(m);
  for (const p of members) {
    for (let i = 0; i < len; i++) variance[Math.floor(i / classes)]! += (p[i]! - mean[i]!) ** 2;
  }
  for (let r = 0; r < m; r++) variance[r]! /= B;
  if (classes === 1) return { mean, variance };

  members.forEach((p, b) => {
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let c = 0; c < classes; c++) {
        const v = p[r * classes + c]!;
        if (v < 0) throw new DescentError('bad-arg', `${op}: member ${b} row ${r} has a negative probability ${v}`);
        s += v;
      }
      if (Math.abs(s - 1) > 1e-3) throw new DescentError('bad-arg', `${op}: member ${b} row ${r} sums to ${s}, not 1 (pass probabilities, not logits)`);
    }
  });
  const entropy = new Float64Array(m);
  const expectedEntropy = new Float64Array(m);
  const mutualInformation = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let h = 0;
    for (let c = 0; c < classes; c++) h -= plogp(mean[r * classes + c]!);
    let eh = 0;
    for (let b = 0; b < B; b++) for (let c = 0; c < classes; c++) eh -= plogp(members[b]![r * classes + c]!);
    eh /= B;
    entropy[r] = h;
    expectedEntropy[r] = eh;
    mutualInformation[r] = Math.max(0, h - eh); // >= 0 by concavity of H; clamp rounding
  }
  return { mean, variance, entropy, expectedEntropy, mutualInformation };
}
