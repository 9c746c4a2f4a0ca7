// The pool's bookkeeping in Node, with in-process fake workers that finish out of order: values
// come back in spec order and equal the serial run; a failing job names its spec. (The real Web
// Workers in Chromium: test/browser.test.ts.)
import { describe, expect, it } from 'vitest';
import { biasVarianceSpecs, executeJob, runJobs, serialRunner, type JobSpec } from '@descent/train';
import { browserPoolRunner, poolSize, POOL_CAP } from './pool-runner.js';
import type { FromJobWorker, ToJobWorker } from './job-worker.js';

/** A stand-in Worker: runs the spec here, answering after `delay(id)` macrotasks. */
function fakeWorker(delay: (id: number) => number): Worker {
  const w = {
    onmessage: null as ((e: MessageEvent<FromJobWorker>) => void) | null,
    onerror: null,
    postMessage({ id, spec }: ToJobWorker) {
      void (async () => {
        for (let i = 0; i < delay(id); i++) await new Promise((r) => setTimeout(r, 0));
        try {
          w.onmessage?.({ data: { id, ok: true, value: await executeJob(spec) } } as MessageEvent<FromJobWorker>);
        } catch (e) {
          w.onmessage?.({ data: { id, ok: false, message: (e as Error).message } } as MessageEvent<FromJobWorker>);
        }
      })();
    },
    terminate() {},
  };
  return w as unknown as Worker;
}

describe('browserPoolRunner', () => {
  const specs = biasVarianceSpecs({ capacities: [1, 5], members: 5, testPoints: 12, seed: 4 });

  it('returns values in spec order, equal to the serial run, whatever order the workers finish in', async () => {
    const serial = (await runJobs(specs, serialRunner)).map((r) => r.value);
    for (const workers of [1, 2, 3]) {
      const pool = browserPoolRunner({ workers, create: () => fakeWorker((id) => (specs.length - id) % 4) });
      expect((await runJobs(specs, pool)).map((r) => r.value)).toEqual(serial);
      pool.close();
    }
  }, 60_000);

  it('a failing job fails the run, naming its spec; a closed pool refuses', async () => {
    const bad: JobSpec[] = [specs[0]!, { kind: 'no-such-kind', config: {}, seed: 1, name: 'ghost' }];
    const pool = browserPoolRunner({ workers: 2, create: () => fakeWorker(() => 0) });
    await expect(runJobs(bad, pool)).rejects.toThrow(/job "ghost" \(kind 'no-such-kind', seed 1\) failed: job kind 'no-such-kind' is not defined here/);
    pool.close();
    await expect(pool.run(specs)).rejects.toThrow(/the pool was closed/);
  }, 60_000);

  it('sizes itself from the cores, capped', () => {
    expect(poolSize(undefined)).toBe(1);
    expect(poolSize(4)).toBe(4);
    expect(poolSize(64)).toBe(POOL_CAP);
    expect(() => browserPoolRunner({ workers: 0 })).toThrow(/workers must be an integer >= 1/);
  });
});
