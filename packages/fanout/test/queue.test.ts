import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobRef, namedJobData, runJobs, TRAIN_DEFAULTS, trainRunJob, type JobSpec } from '@descent/train';
import { queueRunner, TRAIN_VERSION } from '../src/index.js';
import { registerJobs } from './fixtures/test-jobs.mjs';
import { freePort, redisMissing, startRedis, type RedisServer } from './redis-server.js';
import { startWorker, type WorkerProcess } from './workers.js';

registerJobs();
const missing = redisMissing();
const text = (x: unknown) => JSON.stringify(x);
const LOCK_MS = 1000; // a dead worker's job is back on the queue within ~1.5 s

const valueSpecs: JobSpec[] = Array.from({ length: 8 }, (_, i) => ({ kind: 'test/value', config: { id: i, sleepMs: (8 - i) * 5 }, seed: 7 + i }));
const trainJob = trainRunJob();
const trainSpecs = [0, 1].map((seed) =>
  trainJob.spec({ train: { ...TRAIN_DEFAULTS, name: 'm', optim: {}, dataset: 'moons', samples: 100, model: 'mlp:8', epochs: 2, seed }, data: namedJobData({ dataset: 'moons', samples: 100, noise: 0.2, seed }) }, seed),
);

describe.skipIf(missing !== null)(`queue runner on a real redis-server${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let redis: RedisServer;
  const workers: WorkerProcess[] = [];
  const runners: { close(): Promise<void> }[] = [];
  const runner = (o: Partial<Parameters<typeof queueRunner>[0]> = {}) => {
    const r = queueRunner({ url: redis.url, ...o });
    runners.push(r);
    return r;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.close()));
    await Promise.all(workers.map((w) => w.kill()));
    await redis?.stop();
  });

  it('gives the serial results, ordered by spec, with 1 and then 2 worker processes; progress counts every job', async () => {
    const serialValues = text(await runJobs(valueSpecs));
    const serialTrain = text(await runJobs(trainSpecs));
    const r = runner();
    workers.push(await startWorker(redis.url, { lockMs: LOCK_MS }));
    const progress: string[] = [];
    expect(text(await runJobs(valueSpecs, r, { onDone: (d, n) => progress.push(`${d}/${n}`) }))).toBe(serialValues);
    expect(progress).toEqual(valueSpecs.map((_, i) => `${i + 1}/8`));
    expect(text(await runJobs(trainSpecs, r))).toBe(serialTrain);
    workers.push(await startWorker(redis.url, { lockMs: LOCK_MS }));
    expect(text(await runJobs(valueSpecs, r))).toBe(serialValues);
    expect(text(await runJobs(trainSpecs, r))).toBe(serialTrain);
    // both processes served jobs of the last runs
    expect(workers.every((w) => w.lines.some((l) => / done$/.test(l)))).toBe(true);
  });

  it('a closed runner leaves no timer or connection holding its process open', async () => {
    if (workers.length === 0) workers.push(await startWorker(redis.url, { lockMs: LOCK_MS }));
    const script = fileURLToPath(new URL('./fixtures/submit-and-close.mjs', import.meta.url));
    const out = execFileSync(process.execPath, [script, redis.url], { encoding: 'utf8' });
    const { values, holding } = JSON.parse(out) as { values: unknown[]; holding: string[] };
    expect(values).toHaveLength(2);
    expect(holding.filter((r) => r === 'Timeout')).toEqual([]); // ioredis's commandTimeout left 5 s timers here
  });

  it('a user CSV travels once per run as a blob in Redis', async () => {
    const bytes = new TextEncoder().encode('x1,x2,label\n0.5,1,a\n2,3,b\n');
    const ref = await blobRef(bytes);
    const blobs = new Map([[ref, bytes]]);
    const specs = [0, 1, 2].map((i) => ({ kind: 'test/blob', config: { ref, i }, seed: i }));
    expect(text(await runJobs(specs, runner(), { blobs }))).toBe(text(await runJobs(specs, undefined, { blobs })));
  });

  it('a worker SIGKILLed mid-job: its job runs again on the other worker, nothing lost or duplicated', async () => {
    const a = await startWorker(redis.url, { lockMs: LOCK_MS });
    const b = await startWorker(redis.url, { lockMs: LOCK_MS });
    workers.push(a, b);
    const idle = workers.slice(0, 2);
    await Promise.all(idle.map((w) => w.kill('SIGTERM'))); // only a and b serve this run
    const specs = Array.from({ length: 4 }, (_, i) => ({ kind: 'test/value', config: { id: 100 + i, sleepMs: 600 }, seed: 50 + i }));
    const serial = text(await runJobs(specs));
    const run = runJobs(specs, runner());
    const started = await a.waitFor(/^job \S+ started/);
    const killedJob = started.split(' ')[1]!;
    await a.kill('SIGKILL');
    expect(text(await run)).toBe(serial);
    // b ran every job of the run to the end exactly once, the killed one included
    const run_ = killedJob.slice(0, killedJob.lastIndexOf('.'));
    const doneOnB = b.lines.filter((l) => l.startsWith(`job ${run_}.`) && l.endsWith(' done')).map((l) => l.split(' ')[1]);
    expect(doneOnB.sort()).toEqual(specs.map((_, i) => `${run_}.${i}`).sort());
    expect(b.lines).toContain(started.replace(/^job (\S+) started/, 'job $1 started'));
  });

  it('a job that throws fails the run naming its spec; the worker goes on', async () => {
    const r = runner();
    const bad = [valueSpecs[0]!, { kind: 'test/throw', config: { id: 9 }, seed: 2 }];
    await expect(runJobs(bad, r)).rejects.toMatchObject({ code: 'boom', message: expect.stringContaining('job 9 exploded on purpose (job test/throw seed 2 {"id":9})') });
    expect(text(await runJobs(valueSpecs.slice(0, 2), r))).toBe(text(await runJobs(valueSpecs.slice(0, 2))));
  });

  it('malformed, foreign, wrong-version and unregistered messages are rejected and logged; the worker goes on', async () => {
    const q = new Queue('descent', { connection: { host: '127.0.0.1', port: redis.port } });
    const good = { protocol: 'descent-job/1', version: TRAIN_VERSION, run: 'r1', index: 0, spec: { kind: 'test/value', config: { id: 1 }, seed: 1 }, blobs: [] };
    const jobs = await q.addBulk([
      { name: 'junk', data: { hello: 'world' } },
      { name: 'old', data: { ...good, version: '9.9.9' } },
      { name: 'evil', data: { ...good, spec: { kind: 'evil/run-code', config: { code: 'process.exit()' }, seed: 0 } } },
      { name: 'nan', data: { ...good, spec: { kind: 'test/value', config: {}, seed: -1 } } },
    ]);
    const reasons = await Promise.all(
      jobs.map(async (j) => {
        for (;;) {
          const state = await q.getJobState(j.id!);
          if (state === 'failed') return (await q.getJob(j.id!))!.failedReason;
          await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );
    await q.close();
    expect(reasons[0]).toMatch(/^bad-message: not a descent job message: protocol null/);
    expect(reasons[1]).toMatch(/^version-mismatch: job submitted by @descent\/train 9\.9\.9, but this worker runs/);
    expect(reasons[2]).toMatch(/^unknown-job: job kind 'evil\/run-code' is not defined here/);
    expect(reasons[3]).toMatch(/^bad-message: .*seed must be a non-negative integer/);
    const lines = workers.flatMap((w) => w.lines);
    expect(lines.filter((l) => l.startsWith('rejected job')).length).toBeGreaterThanOrEqual(4);
    expect(text(await runJobs(valueSpecs.slice(0, 3), runner()))).toBe(text(await runJobs(valueSpecs.slice(0, 3))));
  });

  it('Ctrl-C on the submitter: cancelled, its waiting jobs removed', async () => {
    const stop = new AbortController();
    const slow = Array.from({ length: 6 }, (_, i) => ({ kind: 'test/value', config: { id: 200 + i, sleepMs: 150 }, seed: i }));
    await expect(runJobs(slow, runner(), { signal: stop.signal, onDone: () => stop.abort() })).rejects.toMatchObject({ code: 'cancelled' });
    const q = new Queue('descent', { connection: { host: '127.0.0.1', port: redis.port } });
    expect(await q.getWaitingCount()).toBe(0);
    await q.close();
  });

  it('Redis unreachable: a clear error naming the URL (password masked)', async () => {
    const port = await freePort();
    await expect(runJobs(valueSpecs, queueRunner({ url: `redis://user:s3cret@127.0.0.1:${port}/0` }))).rejects.toMatchObject({
      code: 'queue-unreachable',
      message: expect.stringMatching(new RegExp(`^cannot reach Redis at redis://user:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0: .*ECONNREFUSED`)),
    });
  });

  it('Redis restarted mid-run: the run fails cleanly (or completes), never hangs', async () => {
    const own = await startRedis();
    const w = await startWorker(own.url, { lockMs: LOCK_MS });
    try {
      const specs = Array.from({ length: 3 }, (_, i) => ({ kind: 'test/value', config: { id: 300 + i, sleepMs: 400 }, seed: i }));
      const r = queueRunner({ url: own.url, lostAfterMs: 2000, checkEveryMs: 100 });
      runners.push(r);
      const run = runJobs(specs, r).then(
        (v) => ({ ok: text(v) }),
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      );
      await w.waitFor(/^job \S+ started/);
      await own.restart();
      const outcome = await run;
      if ('ok' in outcome) expect(outcome.ok).toBe(text(await runJobs(specs)));
      else expect(outcome).toMatchObject({ code: 'queue-lost', message: expect.stringMatching(/vanished from the queue|lost the connection to Redis/) });
    } finally {
      await w.kill();
      await own.stop();
    }
  });
});
