// Runs in a browser Web Worker: load the shipped .wasm by fetch, run the probes, post the results.
import { loadCore } from '../src/core/loader.js';
import { runProbes } from './bit-probes.js';

self.onmessage = async (e: MessageEvent<{ wasmUrl: string; seed: number }>) => {
  try {
    const core = await loadCore({ variant: 'simd', source: new URL(e.data.wasmUrl, self.location.href) });
    (self as unknown as Worker).postMessage({ ok: true, results: runProbes(core, e.data.seed) });
  } catch (err) {
    (self as unknown as Worker).postMessage({ ok: false, error: String((err as Error).stack ?? err) });
  }
};
