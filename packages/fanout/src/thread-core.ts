// The core build a job thread computes on, as the run asked (RunOptions.core): loaded once per
// thread and build, so `--fast` and `--threads` mean the same in a job thread, in a queue
// worker's thread and in the submitting process.
import { setFlagsFromString } from 'node:v8';
import { DescentError, loadCoreSync, relaxedSimdSupported, setDefaultCore } from '@descent/optim-wasm';
import type { JobCore } from '@descent/train';

let current = '';

/** Make `core` (default: the default build, 1 thread) this thread's default core (loaded now, once per build). */
export function useCore(core: JobCore | undefined): void {
  const want = core ?? { fast: false, threads: 1 };
  const key = `${want.fast ? 'relaxed' : 'simd'}/${want.threads}`;
  if (key === current) return;
  if (want.fast && !relaxedSimdSupported()) {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    if (!relaxedSimdSupported()) throw new DescentError('no-relaxed-simd', 'this worker cannot run fast (relaxed SIMD) jobs: its Node rejects relaxed SIMD; start it with node --experimental-wasm-relaxed-simd');
  }
  setDefaultCore(loadCoreSync({ fast: want.fast, threads: want.threads }));
  current = key;
}
