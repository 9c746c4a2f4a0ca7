// The pool's bookkeeping in Node, with in-process fake workers that finish out of order: values
// come back in spec order and equal the serial run; a failing job names its spec; a worker that
// dies or never loads, and a cancel, settle the run instead of leaving it waiting. (The real Web
// Workers in Chromium: test/browser.test.ts and test/pool.browser.test.ts.)
import { describe, expect, it } from 'vitest';
import { biasVarianceSpecs, errorData, executeJob, runJobs, serialRunner, toWire, type JobSpec } from '@descent/train';
import { browserPoolRunner, poolSize, POOL_CAP } from './pool-runner.js';
import type { FromJobWorker, ToJobWorker } from './job-worker.js';

type Fake = Worker & { onmessage: ((e: MessageEvent<FromJobWorker>) => void) | null; onerror: ((e: Event) => void) | null; terminated: boolean };

/** A stand-in Worker: runs the spec here (as job-worker.ts does), answering after `delay(id)` macrotasks. */
function fakeWorker(delay: (id: number) => number, ran: number[] = []): Fake {
  const w = {
    onmessage: null as ((e: MessageEvent<FromJobWorker>) => void) | null,
    onerror: null as ((e: Event) => void) | null,
    onmessageerror: null,
    terminated: false,
    postMessage({ id, spec, blobs }: ToJobWorker) {
      void (async () => {
        for (let i = 0; i < delay(id); i++) await new Promise((r) => setTimeout(r, 0));
        let answer: FromJobWorker;
        try {
          answer = { id, ok: true, wire: toWire(await executeJob(spec, new Map(blobs)), spec) };
          ran.push(id);
        } catch (e) {
          answer = { id, ok: false, ...errorData(e) };
        }
        if (!w.terminated) w.onmessage?.({ data: answer } as MessageEvent<FromJobWorker>);
      })();
    },
    terminate() {
      w.terminated = true;
    },
  };
  return w as unknown as Fake;
}

describe('browserPoolRunner', () => {
  const specs = biasVarianceSpecs({ capacities: [1, 5], members: 5, testPoints: 12, seed: 4 });

  it('returns values in spec order, equal to the serial run, whatever order the workers finish in; counts finished jobs and the workers that ran them', async () => {
    const serial = (await runJobs(specs, serialRunner)).map((r) => r.value);
    for (const workers of [1, 2, 3]) {
      const pool = browserPoolRunner({ workers, create: () => fakeWorker((id) => (specs.length - id) % 4) });
      // without an onDone (a run once never settled then: the count sat inside `onDone?.(++done)`)
      expect((await runJobs(specs, pool)).map((r) => r.value)).toEqual(serial);
      const counts: number[] = [];
      expect((await runJobs(specs, pool, { onDone: (done) => counts.push(done) })).map((r) => r.value)).toEqual(serial);
      expect(counts).toEqual(specs.map((_, i) => i + 1));
      expect(pool.workersUsed).toBe(workers);
      pool.close();
    }
  }, 60_000);

  it('a failing job fails the run with its code, naming its spec; a closed pool refuses', async () => {
    const bad: JobSpec[] = [specs[0]!, { kind: 'no-such-kind', config: {}, seed: 1, name: 'ghost' }];
    const pool = browserPoolRunner({ workers: 2, create: () => fakeWorker(() => 0) });
    const err = (await runJobs(bad, pool).then(
      () => null,
      (e: unknown) => e,
    )) as { code: string; message: string };
    expect(err.code).toBe('unknown-job');
    expect(err.message).toMatch(/job kind 'no-such-kind' is not defined here .*\(job no-such-kind "ghost" seed 1 \{\}\)/);
    pool.close();
    await expect(pool.run(specs)).rejects.toThrow(/the pool was closed/);
  }, 60_000);

  it('a worker that fails (a script that never loads) rejects the run with a readable message, never a wait', async () => {
    const dead: Fake[] = [];
    const pool = browserPoolRunner({
      workers: 2,
      create: () => {
        const w = fakeWorker(() => 0);
        w.postMessage = () => setTimeout(() => w.onerror?.(new Event('error')), 0);
        dead.push(w);
        return w;
      },
    });
    await expect(runJobs(specs, pool)).rejects.toThrow(/a pool worker failed: its script could not be loaded or started/);
    expect(dead.every((w) => w.terminated)).toBe(true);
  });

  it('a cancel settles the run at once (code cancelled) and stops the workers; pending jobs never start', async () => {
    const ran: number[] = [];
    const made: Fake[] = [];
    const pool = browserPoolRunner({
      workers: 2,
      create: () => {
        const w = fakeWorker(() => 3, ran);
        made.push(w);
        return w;
      },
    });
    const stop = new AbortController();
    const run = runJobs(specs, pool, { signal: stop.signal, onDone: (done) => done === 2 && stop.abort() });
    await expect(run).rejects.toMatchObject({ code: 'cancelled', message: `run cancelled after 2 of ${specs.length} jobs` });
    expect(made.every((w) => w.terminated)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(ran.length).toBeLessThanOrEqual(4);
  }, 60_000);

  it('sizes itself from the cores, capped', () => {
    expect(poolSize(undefined)).toBe(1);
    expect(poolSize(4)).toBe(4);
    expect(poolSize(64)).toBe(POOL_CAP);
    expect(() => browserPoolRunner({ workers: 0 })).toThrow(/workers must be an integer >= 1/);
  });
});
