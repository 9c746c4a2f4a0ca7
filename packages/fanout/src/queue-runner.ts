import { randomUUID } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { DescentError } from '@descent/optim-wasm';
import { cancelled, fromWire, jobFailure, JOB_PROTOCOL, type JobMessage, type JobSpec, type RunOptions } from '@descent/train';
import { blobKey, bullJobKey, cancelKey, jobId, KEEP_SECONDS } from './queue-keys.js';
import { failureFromReason } from './queue-failure.js';
import { connectRedis } from './redis-probe.js';
import { parseQueueUrl, type QueueTarget } from './redis-url.js';
import type { ClosableRunner } from './threads-runner.js';
import { TRAIN_VERSION } from './version.js';
import { withDeadline } from './deadline.js';

/** How long one Redis command of the submitter may take before the run counts Redis as down. */
const COMMAND_TIMEOUT_MS = 5000;

export interface QueueRunnerOptions {
  /** `redis://[user:password@]host:port/db[?queue=name]`, or `rediss://` for TLS. */
  url: string;
  /** Give up when Redis stays unreachable this long during a run (default 15 000 ms). */
  lostAfterMs?: number;
  /** How often the watchdog checks the jobs of a run (default 1000 ms). */
  checkEveryMs?: number;
}

interface Handlers {
  complete(returnvalue: unknown): void;
  failed(reason: string): void;
}

/** The submitter's connections, opened at the first run and kept until close(). */
interface Link {
  /** The watchdog's client: commands fail at once while Redis is down (no offline queue). */
  redis: Redis;
  queue: Queue;
  events: QueueEvents;
  /** Finish callbacks of every job in flight, by job id. */
  handlers: Map<string, Handlers>;
}

async function openLink(target: QueueTarget): Promise<Link> {
  const [{ Queue, QueueEvents }, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
  (await connectRedis(target)).disconnect(); // unreachable → a clear error now, not retries forever
  const retryStrategy = (times: number) => Math.min(times * 100, 1000);
  const redis = new Redis({ ...target.redis, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy });
  const queue = new Queue(target.queue, { connection: { ...target.redis, retryStrategy } });
  const events = new QueueEvents(target.queue, { connection: { ...target.redis, retryStrategy } });
  for (const c of [redis, queue, events] as { on(e: 'error', f: () => void): unknown }[]) c.on('error', () => {}); // the watchdog reports
  const handlers = new Map<string, Handlers>();
  events.on('completed', ({ jobId: id, returnvalue }) => handlers.get(id)?.complete(returnvalue));
  events.on('failed', ({ jobId: id, failedReason }) => handlers.get(id)?.failed(failedReason));
  await Promise.all([redis.connect(), events.waitUntilReady()]);
  return { redis, queue, events, handlers };
}

async function closeLink(link: Link): Promise<void> {
  await Promise.allSettled([link.events.close(), link.queue.close()]);
  link.redis.disconnect();
}

/**
 * Run jobs on a BullMQ queue in Redis, served by `descent worker` processes on any machine.
 * `run` enqueues the specs as data (`JobMessage`s: spec, package version, run id, blob refs),
 * stores the run's blobs in Redis once, and waits: values come back ordered by spec. Bounded:
 * Redis unreachable at the start → 'queue-unreachable' at once; unreachable during the run for
 * `lostAfterMs`, or a job vanished (Redis restarted without persistence) → 'queue-lost'.
 * Aborting `signal` removes the run's waiting jobs and tells workers to skip the rest.
 *
 * @example const runner = queueRunner({ url: 'redis://10.0.0.5:6379/0' });
 *          try { await runJobs(specs, runner); } finally { await runner.close(); }
 */
export function queueRunner(o: QueueRunnerOptions): ClosableRunner {
  const target = parseQueueUrl(o.url);
  let link: Promise<Link> | null = null;
  const drop = async () => {
    const l = link;
    link = null;
    if (l) await l.then(closeLink, () => {});
  };
  return {
    name: `queue ${target.shown}`,
    async run(specs, options = {}) {
      link ??= openLink(target);
      let l: Link;
      try {
        l = await link;
      } catch (e) {
        link = null;
        throw e;
      }
      try {
        return await runOnQueue(l, target, specs, options, o.lostAfterMs ?? 15_000, o.checkEveryMs ?? 1000);
      } catch (e) {
        if (e instanceof DescentError && e.code === 'queue-lost') await drop(); // reconnect on the next run
        throw e;
      }
    },
    close: drop,
  };
}

async function runOnQueue(link: Link, target: QueueTarget, specs: readonly JobSpec[], options: RunOptions, lostAfterMs: number, checkEveryMs: number): Promise<unknown[]> {
  const { redis, queue, handlers } = link;
  const q = target.queue;
  const run = randomUUID();
  const ids = specs.map((_, i) => jobId(run, i));
  const out = new Array<unknown>(specs.length);
  const open = new Set(specs.keys());
  let done = 0;
  let settle!: { resolve(): void; reject(e: unknown): void };
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  finished.catch(() => {});
  // each job settles once, even if a worker died and another ran it again
  const close = (i: number): boolean => open.delete(i);
  const complete = (i: number, returnvalue: unknown) => {
    if (!close(i)) return;
    try {
      out[i] = fromWire(returnvalue as string);
    } catch {
      settle.reject(new DescentError('bad-message', `job ${i + 1} of the run came back with a malformed value`));
      return;
    }
    options.onDone?.(++done, specs.length, i, out[i]);
    if (open.size === 0) settle.resolve();
  };
  const failed = (i: number, reason: string) => {
    if (close(i)) settle.reject(jobFailure(specs[i]!, failureFromReason(reason)));
  };
  ids.forEach((id, i) => handlers.set(id, { complete: (v) => complete(i, v), failed: (r) => failed(i, r) }));
  const onAbort = () => settle.reject(cancelled(done, specs.length));
  let timer: NodeJS.Timeout | null = null;
  let downSince: number | null = null;
  // the watchdog: results whose events were missed, vanished jobs, a connection lost for good
  const check = async () => {
    try {
      const waiting = [...open];
      const p = redis.pipeline();
      for (const i of waiting) p.hmget(bullJobKey(q, ids[i]!), 'timestamp', 'finishedOn', 'returnvalue', 'failedReason');
      const rows = (await withDeadline(p.exec(), COMMAND_TIMEOUT_MS, 'Redis did not answer')) ?? [];
      downSince = null;
      rows.forEach(([err, row], k) => {
        if (err) throw err;
        const [timestamp = null, finishedOn = null, returnvalue = null, failedReason = null] = row as (string | null)[];
        const i = waiting[k]!;
        if (timestamp === null) {
          settle.reject(new DescentError('queue-lost', `job ${i + 1} of ${specs.length} vanished from the queue at ${target.shown} (Redis restarted without persistence, or the queue was emptied): run again`));
        } else if (finishedOn !== null && failedReason !== null) failed(i, failedReason);
        else if (finishedOn !== null && returnvalue !== null) complete(i, JSON.parse(returnvalue));
      });
    } catch {
      downSince ??= Date.now();
      if (Date.now() - downSince >= lostAfterMs) {
        settle.reject(new DescentError('queue-lost', `lost the connection to Redis at ${target.shown} for ${Math.round(lostAfterMs / 1000)} s: run failed (${done} of ${specs.length} jobs finished)`));
      }
    }
    if (open.size > 0) timer = setTimeout(() => void check(), checkEveryMs);
  };
  const blobs = [...(options.blobs ?? new Map<string, Uint8Array>())];
  try {
    if (blobs.length) {
      const m = redis.multi();
      for (const [ref, bytes] of blobs) m.set(blobKey(q, run, ref), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', KEEP_SECONDS);
      await withDeadline(m.exec(), COMMAND_TIMEOUT_MS, `Redis at ${target.shown} did not store the run's data within ${COMMAND_TIMEOUT_MS / 1000} s`);
    }
    const message = (spec: JobSpec, i: number): JobMessage => ({ protocol: JOB_PROTOCOL, version: TRAIN_VERSION, run, index: i, spec, blobs: blobs.map(([ref]) => ref), ...(options.core ? { core: options.core } : {}) });
    await queue.addBulk(
      specs.map((spec, i) => ({
        name: spec.kind,
        data: message(spec, i),
        opts: { jobId: ids[i]!, attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: KEEP_SECONDS } },
      })),
    );
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) onAbort();
    if (specs.length === 0) settle.resolve();
    timer = setTimeout(() => void check(), checkEveryMs);
    await finished;
    return out;
  } catch (e) {
    if (open.size > 0) await cancelRun(redis, queue, q, run, ids, open);
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    for (const id of ids) handlers.delete(id);
    if (blobs.length) await withDeadline(redis.del(...blobs.map(([ref]) => blobKey(q, run, ref))), COMMAND_TIMEOUT_MS, 'del').catch(() => {});
  }
}

/** Mark the run cancelled (workers skip its jobs) and remove its jobs that are still waiting. */
async function cancelRun(redis: Redis, queue: Queue, q: string, run: string, ids: string[], open: Iterable<number>): Promise<void> {
  try {
    await withDeadline(redis.set(cancelKey(q, run), '1', 'EX', KEEP_SECONDS), COMMAND_TIMEOUT_MS, 'set');
    await withDeadline(Promise.allSettled([...open].map((i) => queue.remove(ids[i]!))), COMMAND_TIMEOUT_MS, 'remove');
  } catch {
    // Redis gone: nothing left to cancel there
  }
}
