/** Levenshtein distance (insertions, deletions, substitutions, each cost 1). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

/**
 * The closest known name to `input` when it is close enough to be a typo: distance at most
 * max(2, ⌊len/3⌋), ties broken by list order. Null when nothing is close.
 */
export function closest(input: string, known: readonly string[]): string | null {
  const s = input.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(s, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(s.length / 3)) ? best : null;
}

/** "unknown optimizer 'adma' (did you mean adam?)" or the list of known names. */
export function unknownName(kind: string, input: string, known: readonly string[]): string {
  const c = closest(input, known);
  return c ? `unknown ${kind} '${input}' (did you mean ${c}?)` : `unknown ${kind} '${input}' (known: ${known.join(', ')})`;
}
