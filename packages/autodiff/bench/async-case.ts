// The optim-wasm harness times synchronous calls; tfjs-layers' `trainOnBatch` is async. This is
// the same procedure as the harness's runCase (warm-up, calibration, round-robin samples,
// median/min/max rows) with `run` allowed to return a promise, which is awaited per call.
import type { BenchCase, Contender, Row } from '../../optim-wasm/bench/harness.js';

export interface AsyncContender extends Omit<Contender, 'run'> {
  run: () => void | Promise<void>;
}

export interface AsyncBenchCase extends Omit<BenchCase, 'contenders'> {
  contenders: () => AsyncContender[] | Promise<AsyncContender[]>;
}

/** A row with its samples in round order (ms per call): sample r of every contender is from round r. */
export interface SampledRow extends Row {
  samples_ms: number[];
}

/**
 * The median over rounds of a's sample ÷ b's sample (ms per call): b's speed relative to a's,
 * from pairs measured in the same round, so load that drifts between rounds cancels out.
 */
export function pairedSpeedRatio(rows: readonly SampledRow[], caseName: string, a: string, b: string): number | undefined {
  const ra = rows.find((r) => r.case === caseName && r.contender === a);
  const rb = rows.find((r) => r.case === caseName && r.contender === b);
  if (!ra || !rb || ra.samples_ms.length !== rb.samples_ms.length || ra.samples_ms.length === 0) return undefined;
  return median(ra.samples_ms.map((t, r) => t / rb.samples_ms[r]!));
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timeCalls(c: AsyncContender, calls: number): Promise<number> {
  c.before?.();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    const p = c.run();
    if (p) await p;
  }
  return (performance.now() - t0) / calls;
}

export async function runAsyncCase(suite: string, bc: AsyncBenchCase, reps: number): Promise<SampledRow[]> {
  const contenders = await bc.contenders();
  try {
    const minMs = bc.minSampleMs ?? 25;
    const calls: number[] = [];
    for (const c of contenders) {
      let spent = await timeCalls(c, 1);
      let n = 1;
      while (spent < 2 * minMs && spent < 2000) {
        spent += await timeCalls(c, 1);
        n++;
      }
      // the mean call, not the last one: one preempted call must not shrink every sample
      calls.push(Math.max(1, Math.min(10000, Math.ceil(minMs / Math.max(spent / n, 1e-3)))));
    }
    const samples = contenders.map(() => [] as number[]);
    for (let r = 0; r < (bc.reps ?? reps); r++) {
      for (let j = 0; j < contenders.length; j++) {
        const i = (j + r) % contenders.length;
        samples[i]!.push(await timeCalls(contenders[i]!, calls[i]!));
      }
    }
    return contenders.map((c, i) => {
      const s = samples[i]!;
      const med = median(s);
      return { suite, case: bc.name, contender: c.name, median_ms: med, min_ms: Math.min(...s), max_ms: Math.max(...s), unit: bc.unit, value: bc.work / (med / 1000), samples_ms: s };
    });
  } finally {
    for (const c of contenders) c.dispose?.();
  }
}
