/**
 * Largest-remainder apportionment: split `total` over groups in proportion to `counts`
 * (sum N): a_c = floor(total·counts_c / N), then one more each for the largest remainders
 * (ties: the lower group index). Σ a_c = total and a_c <= counts_c. Exact integer math.
 */
export function apportion(counts: ArrayLike<number>, total: number): Int32Array {
  let n = 0;
  for (let c = 0; c < counts.length; c++) n += counts[c]!;
  const alloc = new Int32Array(counts.length);
  if (n === 0 || total === 0) return alloc;
  const rems: [number, number][] = [];
  let given = 0;
  for (let c = 0; c < counts.length; c++) {
    const q = total * counts[c]!;
    alloc[c] = Math.floor(q / n);
    given += alloc[c]!;
    rems.push([q % n, c]);
  }
  rems.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; i < total - given; i++) alloc[rems[i]![1]]!++;
  return alloc;
}
