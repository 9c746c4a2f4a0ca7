import { DescentError } from '@descent/optim-wasm';

/**
 * Encode labels by order of first appearance (as scikit-learn's StratifiedKFold does):
 * codes[i] in 0..K-1, plus the per-class counts. Labels must be integers.
 */
export function encodeLabels(op: string, labels: ArrayLike<number>): { codes: Int32Array; counts: number[] } {
  const seen = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  const counts: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v)) throw new DescentError('bad-arg', `${op}: labels[${i}] = ${v} is not an integer class label`);
    let c = seen.get(v);
    if (c === undefined) {
      c = seen.size;
      seen.set(v, c);
      counts.push(0);
    }
    codes[i] = c;
    counts[c]!++;
  }
  return { codes, counts };
}
