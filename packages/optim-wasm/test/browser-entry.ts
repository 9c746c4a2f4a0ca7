// Runs in a browser Web Worker: load the shipped .wasm by fetch, run the probes, post the results.
import { loadCore } from '../src/core/loader.js';
import { runProbes } from './bit-probes.js';

self.onmessage = async (e: MessageEvent<{ wasmUrl: string; seed: number; threads?: number }>) => {
  try {
    const threads = e.data.threads ?? 1;
    const core = await loadCore({ variant: 'simd', threads, source: new URL(e.data.wasmUrl, self.location.href) });
    // with threads, split every kernel however small, so the probes cross thread boundaries
    if (core.pool) Object.assign(core.pool.thresholds, { matmulMacs: 0, elements: 0 });
    const results = runProbes(core, e.data.seed);
    (self as unknown as Worker).postMessage({ ok: true, results, threads: core.threads, workers: core.pool?.readyWorkers ?? 0, isolated: (self as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated });
    core.close();
  } catch (err) {
    (self as unknown as Worker).postMessage({ ok: false, error: String((err as Error).stack ?? err) });
  }
};
