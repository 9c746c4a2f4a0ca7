import { DescentError } from '@descent/optim-wasm';
import { checkIndices, checkInt } from '../data/check.js';
import { resolveRng, type RngOrSeed } from '../data/random.js';

/**
 * A bootstrap resample: k (default n) row indices drawn uniformly from 0..n-1 with
 * replacement. Each row is left out with probability (1 - 1/n)^n ≈ e⁻¹ ≈ 0.368.
 */
export function bootstrapSample(n: number, rng: RngOrSeed, k = n): Int32Array {
  checkInt('bootstrapSample', 'n', n, 1);
  checkInt('bootstrapSample', 'k', k, 1);
  return resolveRng(rng, 'bootstrapSample').sampleWithReplacement(n, k);
}

/** Out-of-bag rows of a bootstrap sample: the ascending indices in 0..n-1 it never picked. */
export function outOfBag(n: number, sample: ArrayLike<number>): Int32Array {
  checkInt('outOfBag', 'n', n, 1);
  checkIndices('outOfBag', 'sample', sample, n);
  const picked = new Uint8Array(n);
  for (let i = 0; i < sample.length; i++) picked[sample[i]!] = 1;
  let count = 0;
  for (let i = 0; i < n; i++) count += 1 - picked[i]!;
  const oob = new Int32Array(count);
  for (let i = 0, j = 0; i < n; i++) if (!picked[i]) oob[j++] = i;
  return oob;
}

/** B bootstrap samples with their out-of-bag sets, from forks 'bootstrap/0' … of one rng. */
export function bootstrapSamples(n: number, b: number, rng: RngOrSeed): { sample: Int32Array; oob: Int32Array }[] {
  checkInt('bootstrapSamples', 'b', b, 1);
  const root = resolveRng(rng, 'bootstrapSamples');
  return Array.from({ length: b }, (_, i) => {
    const sample = bootstrapSample(n, root.fork(`bootstrap/${i}`));
    return { sample, oob: outOfBag(n, sample) };
  });
}

/** Guard shared by the ensemble statistics: B >= 1 members of equal length. */
export function checkMembers(op: string, members: ArrayLike<ArrayLike<number>>): number {
  if (members.length === 0) throw new DescentError('bad-arg', `${op}: no ensemble members`);
  const len = members[0]!.length;
  for (let b = 0; b < members.length; b++) {
    const m = members[b]!;
    if (m.length !== len) throw new DescentError('bad-shape', `${op}: member ${b} has ${m.length} values, member 0 has ${len}`);
    for (let i = 0; i < m.length; i++) {
      if (!Number.isFinite(m[i]!)) throw new DescentError('bad-arg', `${op}: member ${b} value [${i}] = ${m[i]} is not finite`);
    }
  }
  return len;
}
