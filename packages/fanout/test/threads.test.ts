import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { blobRef, namedJobData, runJobs, TRAIN_DEFAULTS, trainRunJob, type JobSpec } from '@descent/train';
import { threadsRunner } from '../src/index.js';
import { registerJobs } from './fixtures/test-jobs.mjs';

registerJobs();
const modules = ['@descent/train', fileURLToPath(new URL('./fixtures/test-jobs.mjs', import.meta.url))];
const runners = [1, 2, 4].map((workers) => threadsRunner({ workers, modules }));
// the pool threads alone (the submitting thread takes no job)
const threadsOnly = threadsRunner({ workers: 2, modules, callerRuns: false });
afterAll(() => Promise.all([...runners, threadsOnly].map((r) => r.close())));

const valueSpecs: JobSpec[] = Array.from({ length: 9 }, (_, i) => ({ kind: 'test/value', config: { id: i, sleepMs: (9 - i) * 3 }, seed: 100 + i }));
const text = (x: unknown) => JSON.stringify(x);

describe('threads runner', () => {
  it('gives the serial results, ordered by spec, for 1, 2 and 4 workers (later jobs finish first)', async () => {
    const serial = await runJobs(valueSpecs);
    expect(serial[3]!.value).toMatchObject({ seed: 103, id: 3 });
    for (const r of [...runners, threadsOnly]) {
      const finished: string[] = [];
      const got = await runJobs(valueSpecs, r, { onDone: (done, total) => finished.push(`${done}/${total}`) });
      expect(text(got)).toBe(text(serial));
      // NaN, -0, Infinity and typed arrays survive the thread boundary
      const v = got[0]!.value as { special: number[]; f32: Float32Array };
      expect(Object.is(v.special[1], -0) && Number.isNaN(v.special[0]) && v.special[2] === Infinity).toBe(true);
      expect(v.f32).toBeInstanceOf(Float32Array);
      // progress counts finished jobs: 1, 2, … 9 of 9
      expect(finished).toEqual(valueSpecs.map((_, i) => `${i + 1}/9`));
    }
  });

  it('trains the same bits on threads as in this thread (train/run on moons)', async () => {
    const job = trainRunJob();
    const specs = [0, 1, 2].map((seed) =>
      job.spec({ train: { ...TRAIN_DEFAULTS, name: 'm', optim: {}, dataset: 'moons', samples: 120, model: 'mlp:8', epochs: 3, seed }, data: namedJobData({ dataset: 'moons', samples: 120, noise: 0.2, seed }) }, seed),
    );
    const serial = await runJobs(specs);
    expect((serial[0]!.value as { status: string }).status).toBe('completed');
    expect(text(await runJobs(specs, runners[1]!))).toBe(text(serial));
    expect(text(await runJobs(specs, threadsOnly))).toBe(text(serial));
  });

  it('sends blobs once per run in shared memory; a job that throws fails the run naming its spec', async () => {
    const bytes = new TextEncoder().encode('a,b,label\n1,2,x\n3,4,y\n');
    const ref = await blobRef(bytes);
    const blobs = new Map([[ref, bytes]]);
    const specs = [0, 1, 2].map((i) => ({ kind: 'test/blob', config: { ref, i }, seed: i }));
    const serial = await runJobs(specs, undefined, { blobs });
    expect(serial[0]!.value).toEqual({ length: bytes.length, sum: expect.any(Number) });
    expect(text(await runJobs(specs, runners[2]!, { blobs }))).toBe(text(serial));
    const bad = [...valueSpecs.slice(0, 3), { kind: 'test/throw', config: { id: 7 }, seed: 3 }];
    await expect(runJobs(bad, threadsOnly)).rejects.toMatchObject({ code: 'boom', message: expect.stringMatching(/job 7 exploded on purpose \(job test\/throw seed 3 \{"id":7\}\)/) });
    await expect(runJobs(bad, runners[1]!)).rejects.toMatchObject({ code: 'boom', message: expect.stringMatching(/job 7 exploded on purpose \(job test\/throw seed 3 \{"id":7\}\)/) });
    await expect(runJobs(bad)).rejects.toMatchObject({ code: 'boom', message: expect.stringMatching(/\(job test\/throw seed 3/) });
    // a kind no job module registers is refused in the thread
    await expect(runJobs([{ kind: 'test/not-registered', config: null, seed: 0 }], runners[1]!)).rejects.toMatchObject({ code: 'unknown-job' });
  });

  it('the submitting thread takes jobs too: a job failing there fails the run naming its spec, and the runner goes on', async () => {
    const specs = Array.from({ length: 8 }, (_, i) => ({ kind: 'test/throw-on-caller', config: { id: i, sleepMs: 30 }, seed: i }));
    (globalThis as { descentTestCaller?: boolean }).descentTestCaller = true;
    try {
      let done = 0;
      await expect(runJobs(specs, runners[1]!, { onDone: () => done++ })).rejects.toMatchObject({ code: 'boom', message: expect.stringMatching(/exploded on the submitting thread \(job test\/throw-on-caller seed \d \{"id":\d,"sleepMs":30\}\)/) });
      // the caller failed its first job; the one pool thread finished at most the jobs it had started
      expect(done).toBeLessThan(8);
      // threads alone never run on the caller: the same specs succeed and equal the serial values of test/value
      const onThreads = await runJobs(specs, threadsOnly);
      (globalThis as { descentTestCaller?: boolean }).descentTestCaller = false;
      const serial = await runJobs(specs);
      expect(text(onThreads)).toBe(text(serial));
    } finally {
      (globalThis as { descentTestCaller?: boolean }).descentTestCaller = false;
    }
    // the runner is still usable after a failed run
    expect(text(await runJobs(valueSpecs, runners[1]!))).toBe(text(await runJobs(valueSpecs)));
  });

  it('starts its threads in a process given V8 flags (they hold for every thread; Node refuses them for a worker)', () => {
    const script = `import { threadsRunner } from '@descent/fanout';
      import { pingJob, runJobs } from '@descent/train';
      const r = threadsRunner({ workers: 2, callerRuns: false });
      const got = await runJobs([1, 2, 3].map((i) => pingJob().spec({ i }, i)), r);
      await r.close();
      console.log(JSON.stringify(got.map((g) => g.value)));`;
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const run = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--max-semi-space-size=16', '--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('[{"ok":true,"seed":1},{"ok":true,"seed":2},{"ok":true,"seed":3}]');
  });

  it('cancels: an aborted signal rejects with code cancelled', async () => {
    const stop = new AbortController();
    const slow = Array.from({ length: 6 }, (_, i) => ({ kind: 'test/value', config: { id: i, sleepMs: 200 }, seed: i }));
    const run = runJobs(slow, runners[1]!, { signal: stop.signal, onDone: () => stop.abort() });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    // cancelled while the submitting thread and the pool threads compute, with and without the caller
    for (const r of [runners[2]!, threadsOnly]) {
      const c = new AbortController();
      let seen = 0;
      await expect(runJobs(slow, r, { signal: c.signal, onDone: () => ++seen === 2 && c.abort() })).rejects.toMatchObject({ code: 'cancelled', message: expect.stringMatching(/^run cancelled after [2-5] of 6 jobs$/) });
      expect(text(await runJobs(valueSpecs, r))).toBe(text(await runJobs(valueSpecs)));
    }
    await expect(runJobs(slow, undefined, { signal: stop.signal })).rejects.toMatchObject({ code: 'cancelled', message: 'run cancelled after 0 of 6 jobs' });
  });
});
