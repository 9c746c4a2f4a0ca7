// The benchmark harness: contenders of a case run interleaved in one process (so machine
// drift hits all of them alike), after a warm-up that also calibrates how many calls make one
// sample. Each row reports the median, min and max time per call and the throughput at the
// median (higher is better). Benchmarks are never part of `npm test`.

/** descent builds: -t2 = two kernel threads, -fast = relaxed SIMD (fused multiply-add, CPU-dependent bits). */
export type ContenderName = 'descent' | 'descent-t2' | 'descent-fast' | 'descent-fast-t2' | 'descent-fit' | 'descent-fit-t2' | 'descent-fit-fast' | 'descent-fit-fast-t2' | 'tfjs-wasm' | 'tfjs-cpu' | 'js';

export interface Contender {
  name: ContenderName;
  /** One call of the work being measured (timed). */
  run: () => void;
  /** Untimed, before every sample (e.g. switch the tfjs backend). */
  before?: () => void;
  /** Untimed, after the case (free memory, dispose tensors). */
  dispose?: () => void;
}

export interface BenchCase {
  name: string;
  /** Throughput unit, e.g. 'GFLOP/s'. */
  unit: string;
  /** Work of one call in units·seconds: value = work / seconds per call. */
  work: number;
  /** Built just before the case runs, disposed right after (keeps memory bounded). */
  contenders: () => Contender[] | Promise<Contender[]>;
  /** Samples per contender (default: from the options). */
  reps?: number;
  /** Calls per sample are chosen so a sample lasts at least this long (default 15 ms). */
  minSampleMs?: number;
}

export interface Suite {
  name: string;
  description: string;
  cases: (ctx: BenchContext) => BenchCase[] | Promise<BenchCase[]>;
}

export interface BenchOptions {
  reps: number;
  caseFilter?: string;
  log?: (line: string) => void;
}

export interface BenchContext {
  options: BenchOptions;
}

export interface Row {
  suite: string;
  case: string;
  contender: ContenderName;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  unit: string;
  value: number;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timeCalls(c: Contender, calls: number): number {
  c.before?.();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) c.run();
  return (performance.now() - t0) / calls;
}

/** Run one case: warm up and calibrate each contender, then sample them round-robin. */
export async function runCase(suite: string, bc: BenchCase, options: BenchOptions): Promise<Row[]> {
  const contenders = await bc.contenders();
  try {
    const minMs = bc.minSampleMs ?? 15;
    const calls = contenders.map((c) => {
      let per = timeCalls(c, 1);
      // Warm up for about 2 samples' worth (JIT tiers, tfjs kernel caches, page faults).
      let spent = per;
      while (spent < 2 * minMs && spent < 2000) {
        per = timeCalls(c, 1);
        spent += per;
      }
      return Math.max(1, Math.min(10000, Math.ceil(minMs / Math.max(per, 1e-3))));
    });
    const reps = bc.reps ?? options.reps;
    const samples = contenders.map(() => [] as number[]);
    for (let r = 0; r < reps; r++) {
      // Rotate the starting contender so none always runs right after another's cache damage.
      for (let j = 0; j < contenders.length; j++) {
        const i = (j + r) % contenders.length;
        samples[i]!.push(timeCalls(contenders[i]!, calls[i]!));
      }
    }
    return contenders.map((c, i) => {
      const s = samples[i]!;
      const med = median(s);
      return {
        suite,
        case: bc.name,
        contender: c.name,
        median_ms: med,
        min_ms: Math.min(...s),
        max_ms: Math.max(...s),
        unit: bc.unit,
        value: bc.work / (med / 1000),
      };
    });
  } finally {
    for (const c of contenders) c.dispose?.();
  }
}

/** Run suites in order; `onRows` sees each case's rows as soon as they exist. */
export async function runSuites(suites: readonly Suite[], options: BenchOptions, onRows: (rows: Row[]) => void): Promise<Row[]> {
  const all: Row[] = [];
  const ctx: BenchContext = { options };
  // A failing suite or case is reported and skipped, so one broken kernel does not hide the rest.
  const report = (what: string, e: unknown) => (options.log ?? console.error)(`bench: ${what} failed: ${(e as Error).message}`);
  for (const s of suites) {
    let cases: BenchCase[];
    try {
      cases = await s.cases(ctx);
    } catch (e) {
      report(`suite ${s.name}`, e);
      continue;
    }
    for (const bc of cases) {
      if (options.caseFilter && !bc.name.includes(options.caseFilter)) continue;
      options.log?.(`running ${s.name} / ${bc.name}`);
      try {
        const rows = await runCase(s.name, bc, options);
        all.push(...rows);
        onRows(rows);
      } catch (e) {
        report(`${s.name} / ${bc.name}`, e);
      }
    }
  }
  return all;
}

// ---- reporting --------------------------------------------------------------------------

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

function fmtValue(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** value of `num` ÷ value of `row`: how many times faster `num` is (undefined if absent). */
function ratio(rows: readonly Row[], num: ContenderName, row: Row): string {
  const n = rows.find((r) => r.contender === num);
  return n ? `${(n.value / row.value).toFixed(2)}×` : '';
}

function byCase(rows: readonly Row[]): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.suite}\u0000${r.case}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  return [...groups.values()];
}

/** The human table of one case: each contender with the ratio of descent (and fast mode) to it. */
export function formatCase(rows: readonly Row[]): string {
  const head = rows[0]!;
  const hasRelaxed = rows.some((r) => r.contender === 'descent-fast');
  const lines = [`${head.suite} / ${head.case}  (${head.unit}, higher is better)`];
  const cols = ['contender', 'median ms', 'min–max ms', head.unit, 'descent ÷ it', ...(hasRelaxed ? ['fast ÷ it'] : [])];
  const table = rows.map((r) => [
    r.contender,
    fmtMs(r.median_ms),
    `${fmtMs(r.min_ms)}–${fmtMs(r.max_ms)}`,
    fmtValue(r.value),
    ratio(rows, 'descent', r),
    ...(hasRelaxed ? [ratio(rows, 'descent-fast', r)] : []),
  ]);
  const width = cols.map((c, i) => Math.max(c.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
  lines.push(line(cols), ...table.map(line));
  return lines.join('\n');
}

/** All rows as one Markdown table (for docs/benchmarks.md). */
export function formatMarkdown(rows: readonly Row[]): string {
  const out = ['| suite | case | contender | median ms | min–max ms | value | unit | descent ÷ it | fast ÷ it |', '|---|---|---|---:|---:|---:|---|---:|---:|'];
  for (const group of byCase(rows)) {
    for (const r of group) {
      out.push(
        `| ${r.suite} | ${r.case} | ${r.contender} | ${fmtMs(r.median_ms)} | ${fmtMs(r.min_ms)}–${fmtMs(r.max_ms)} | ${fmtValue(r.value)} | ${r.unit} | ${ratio(group, 'descent', r)} | ${ratio(group, 'descent-fast', r)} |`,
      );
    }
  }
  return out.join('\n');
}
