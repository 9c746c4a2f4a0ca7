// The contenders' engines, loaded once per process: descent's two builds (each on 1 and 2 kernel threads) and TensorFlow.js
// 4.22 (wasm backend on one thread, XNNPACK; cpu backend). Suites use these helpers.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { loadCoreSync, relaxedSimdSupported } from '../src/core/loader.js';
import type { Core } from '../src/core/core.js';
import type { Contender, ContenderName } from './harness.js';

export type Tf = typeof import('@tensorflow/tfjs-core');

let cores: { simd: Core; relaxed?: Core; simd2: Core; relaxed2?: Core } | undefined;

/**
 * The plain-SIMD core and, when the engine accepts it, the relaxed-SIMD (fast) core, each on one
 * thread and on two kernel threads.
 */
export function descentCores(): { simd: Core; relaxed?: Core; simd2: Core; relaxed2?: Core } {
  if (!cores) {
    cores = { simd: loadCoreSync({ variant: 'simd' }), simd2: loadCoreSync({ variant: 'simd', threads: 2 }) };
    if (relaxedSimdSupported()) {
      cores.relaxed = loadCoreSync({ fast: true });
      cores.relaxed2 = loadCoreSync({ fast: true, threads: 2 });
    }
  }
  return cores;
}

/** [name, core] for each descent build available here: descent, descent-t2, descent-fast, descent-fast-t2. */
export function descentBuilds(): [ContenderName, Core][] {
  const c = descentCores();
  const list: [ContenderName, Core][] = [['descent', c.simd], ['descent-t2', c.simd2]];
  if (c.relaxed && c.relaxed2) list.push(['descent-fast', c.relaxed], ['descent-fast-t2', c.relaxed2]);
  return list;
}

let tfPromise: Promise<Tf | undefined> | undefined;

/** The directory holding tfjs-backend-wasm's .wasm files (a file path prefix for setWasmPaths). */
export function tfWasmDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
}

/** tfjs-core with the cpu and single-threaded wasm backends registered, or undefined if not installed. */
export function loadTf(): Promise<Tf | undefined> {
  tfPromise ??= (async () => {
    try {
      const tf = await import('@tensorflow/tfjs-core');
      await import('@tensorflow/tfjs-backend-cpu');
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      tf.enableProdMode(); // no per-op NaN checks, no Node banner: tfjs at its fastest
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // single thread, like descent
      wasm.setWasmPaths(tfWasmDir());
      if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to initialise');
      if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend failed to initialise');
      return tf;
    } catch (e) {
      console.error(`bench: TensorFlow.js unavailable (${(e as Error).message}); tfjs contenders are skipped`);
      return undefined;
    }
  })();
  return tfPromise;
}

/**
 * A tfjs contender on one backend: the backend is selected before every sample (untimed), and
 * `setup` runs with that backend active so its tensors live there.
 */
export function tfContender(tf: Tf, backend: 'wasm' | 'cpu', setup: () => { run: () => void; dispose: () => void }): Contender {
  void tf.setBackend(backend); // synchronous once the backend is initialised
  const c = setup();
  return {
    name: backend === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu',
    before: () => {
      void tf.setBackend(backend);
      if (tf.getBackend() !== backend) throw new Error(`bench: tfjs did not switch to ${backend} synchronously`);
    },
    run: c.run,
    dispose: () => {
      void tf.setBackend(backend);
      c.dispose();
    },
  };
}

/** Deterministic data for benchmarks (content does not affect timing). */
export function benchData(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
