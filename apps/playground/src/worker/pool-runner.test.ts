// The lanes' bookkeeping in Node, with in-process fake pool workers that speak job-worker.ts's
// protocol and finish out of order: values come back in spec order and equal the serial run on
// any lane count; a failing job names its spec; a worker that never loads, and a cancel, settle
// the run instead of leaving it waiting; a cancel keeps the workers (warm) and drops their queued
// jobs; with `steal` a worker that never answers cannot hold a run up; a CSV blob goes to a
// worker once. (The real Web Workers in Chromium: test/browser.test.ts and test/pool.browser.test.ts.)
import { describe, expect, it } from 'vitest';
import { biasVarianceSpecs, errorData, executeJob, runJobs, serialRunner, toWire, type JobSpec } from '@descent/train';
import { lanesRunner, poolSize, POOL_CAP, WorkerPool } from './pool-runner.js';
import type { FromJobWorker, ToJobWorker } from './job-worker.js';

interface Fake {
  onmessage: ((e: MessageEvent<FromJobWorker>) => void) | null;
  onerror: ((e: Event) => void) | null;
  onmessageerror: (() => void) | null;
  terminated: boolean;
  /** Ids it computed, in order; blob refs it was sent (each time). */
  ran: number[];
  blobsSent: string[];
  postMessage(m: ToJobWorker): void;
  terminate(): void;
}

const macrotask = () => new Promise((r) => setTimeout(r, 0));

/** A stand-in Worker running job-worker.ts's loop here: each job answers after `delay(id)` macrotasks (Infinity: never). */
function fakeWorker(delay: (id: number) => number = () => 0): Fake {
  const queue: { run: number; id: number; spec: JobSpec }[] = [];
  const blobs = new Map<string, Uint8Array>();
  let busy = false;
  const answer = (m: FromJobWorker) => !w.terminated && w.onmessage?.({ data: m } as MessageEvent<FromJobWorker>);
  const drain = async () => {
    if (busy) return;
    busy = true;
    for (;;) {
      await macrotask();
      const job = queue.shift();
      if (!job || w.terminated) break;
      const d = delay(job.id);
      if (d === Infinity) return; // hangs for good
      for (let i = 0; i < d; i++) await macrotask();
      try {
        const wire = toWire(await executeJob(job.spec, blobs), job.spec);
        w.ran.push(job.id);
        answer({ type: 'done', run: job.run, id: job.id, ok: true, wire });
      } catch (e) {
        answer({ type: 'done', run: job.run, id: job.id, ok: false, ...errorData(e) });
      }
    }
    busy = false;
  };
  const w: Fake = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    terminated: false,
    ran: [],
    blobsSent: [],
    postMessage(m) {
      if (m.type === 'init') return;
      if (m.type === 'jobs') {
        for (const [ref, bytes] of m.blobs) (blobs.set(ref, bytes), w.blobsSent.push(ref));
        for (const j of m.jobs) queue.push({ run: m.run, ...j });
        void drain();
      } else {
        for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.run === m.run && (!m.ids || m.ids.includes(queue[i]!.id))) queue.splice(i, 1);
      }
    },
    terminate() {
      w.terminated = true;
    },
  };
  return w;
}

const poolOf = (make: () => Fake, made: Fake[] = []) =>
  new WorkerPool({
    create: () => {
      const w = make();
      made.push(w);
      return w as unknown as Worker;
    },
  });

describe('lanesRunner over a WorkerPool', () => {
  const specs = biasVarianceSpecs({ capacities: [1, 5], members: 5, testPoints: 12, seed: 4 });

  it('returns values in spec order, equal to the serial run, whatever order the lanes finish in; counts finished jobs and the lanes that ran them', async () => {
    const serial = (await runJobs(specs, serialRunner)).map((r) => r.value);
    for (const lanes of [1, 2, 3]) {
      for (const steal of [false, true]) {
        const pool = poolOf(() => fakeWorker((id) => (specs.length - id) % 4));
        const runner = lanesRunner(pool, { lanes, steal });
        expect(runner.name).toBe(lanes === 1 ? 'serial' : `browser-pool-${lanes}`);
        expect((await runJobs(specs, runner)).map((r) => r.value)).toEqual(serial);
        const counts: number[] = [];
        expect((await runJobs(specs, runner, { onDone: (done) => counts.push(done) })).map((r) => r.value)).toEqual(serial);
        expect(counts).toEqual(specs.map((_, i) => i + 1));
        // without stealing every lane runs its first batch: all of them answer
        if (!steal) expect(runner.workersUsed).toBe(lanes);
        pool.close();
      }
    }
  }, 120_000);

  it('a failing job fails the run with its code, naming its spec; a closed pool refuses', async () => {
    const bad: JobSpec[] = [specs[0]!, { kind: 'no-such-kind', config: {}, seed: 1, name: 'ghost' }];
    const pool = poolOf(() => fakeWorker());
    for (const lanes of [1, 2]) {
      const err = (await runJobs(bad, lanesRunner(pool, { lanes, steal: false })).then(
        () => null,
        (e: unknown) => e,
      )) as { code: string; message: string };
      expect(err.code).toBe('unknown-job');
      expect(err.message).toMatch(/job kind 'no-such-kind' is not defined here .*\(job no-such-kind "ghost" seed 1 \{\}\)/);
    }
    pool.close();
    await expect(lanesRunner(pool, { lanes: 2, steal: false }).run(specs)).rejects.toThrow(/the pool was closed/);
    expect(() => lanesRunner(pool, { lanes: 0, steal: false })).toThrow(/workers must be an integer >= 1/);
  }, 60_000);

  it('a worker that fails (a script that never loads) rejects the run with a readable message, never a wait; the next run starts a fresh worker', async () => {
    const made: Fake[] = [];
    const pool = poolOf(() => {
      const w = fakeWorker();
      w.postMessage = () => setTimeout(() => w.onerror?.(new Event('error')), 0);
      return w;
    }, made);
    await expect(runJobs(specs, lanesRunner(pool, { lanes: 2, steal: false }))).rejects.toThrow(/a pool worker failed: its script could not be loaded or started/);
    expect(made.length).toBe(1);
    expect(made[0]!.terminated).toBe(true);
    await expect(runJobs(specs, lanesRunner(pool, { lanes: 2, steal: false }))).rejects.toThrow(/a pool worker failed/);
    expect(made.length).toBe(2);
    // a worker whose core cannot load says so
    const noCore = poolOf(() => {
      const w = fakeWorker();
      w.postMessage = (m) => m.type === 'init' && setTimeout(() => w.onmessage?.({ data: { type: 'load-failed', message: 'no SIMD here' } } as MessageEvent<FromJobWorker>), 0);
      return w;
    });
    await expect(runJobs(specs, lanesRunner(noCore, { lanes: 2, steal: true }))).rejects.toThrow(/a pool worker could not load the core: no SIMD here/);
  }, 60_000);

  it('a cancel settles the run at once (code cancelled); the workers stay for the next run and their queued jobs never start', async () => {
    const made: Fake[] = [];
    const pool = poolOf(() => fakeWorker(() => 3), made);
    const stop = new AbortController();
    const run = runJobs(specs, lanesRunner(pool, { lanes: 3, steal: false, ahead: 3 }), { signal: stop.signal, onDone: (done) => done === 2 && stop.abort() });
    await expect(run).rejects.toMatchObject({ code: 'cancelled', message: `run cancelled after 2 of ${specs.length} jobs` });
    const ranAtCancel = made.reduce((n, w) => n + w.ran.length, 0);
    for (let i = 0; i < 20; i++) await macrotask();
    // at most the job each worker was computing finishes; nothing queued starts
    expect(made.reduce((n, w) => n + w.ran.length, 0)).toBeLessThanOrEqual(ranAtCancel + made.length);
    expect(made.every((w) => !w.terminated)).toBe(true);
    const serial = (await runJobs(specs, serialRunner)).map((r) => r.value);
    expect((await runJobs(specs, lanesRunner(pool, { lanes: 3, steal: false }))).map((r) => r.value)).toEqual(serial);
    expect(made.length).toBe(2);
    pool.close();
  }, 60_000);

  it('with steal, a pool worker that never answers cannot hold the run up: this lane takes its jobs back and re-runs the one it holds', async () => {
    const made: Fake[] = [];
    const pool = poolOf(() => fakeWorker(() => Infinity), made);
    const serial = (await runJobs(specs, serialRunner)).map((r) => r.value);
    const runner = lanesRunner(pool, { lanes: 2, steal: true, ahead: 3 });
    expect((await runJobs(specs, runner)).map((r) => r.value)).toEqual(serial);
    expect(runner.workersUsed).toBe(1);
    expect(made[0]!.ran).toEqual([]);
    pool.close();
  }, 60_000);

  it("sends a run's blobs to a worker once, however many jobs and runs reference them", async () => {
    const made: Fake[] = [];
    const pool = poolOf(() => fakeWorker(), made);
    const blobs = new Map([['sha256:ab', new Uint8Array([1, 2, 3])]]);
    for (let r = 0; r < 2; r++) await runJobs(specs, lanesRunner(pool, { lanes: 2, steal: false }), { blobs });
    expect(made[0]!.blobsSent).toEqual(['sha256:ab']);
    pool.close();
  }, 60_000);

  it('sizes itself from the cores, capped', () => {
    expect(poolSize(undefined)).toBe(1);
    expect(poolSize(4)).toBe(4);
    expect(poolSize(64)).toBe(POOL_CAP);
  });
});
