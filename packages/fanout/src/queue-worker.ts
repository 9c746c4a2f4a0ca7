import type { Job } from 'bullmq';
import { checkJobMessage, errorData, type JobMessage } from '@descent/train';
import { DEFAULT_JOB_MODULES } from './job-modules.js';
import { blobKey, cancelKey } from './queue-keys.js';
import { failureReason } from './queue-failure.js';
import { connectRedis } from './redis-probe.js';
import { parseQueueUrl } from './redis-url.js';
import { checkWorkers } from './threads-runner.js';
import { TRAIN_VERSION } from './version.js';

export interface QueueWorkerOptions {
  url: string;
  /** Jobs run at once, each on its own thread (default 1). */
  concurrency?: number;
  /** Job modules the threads load (default: @descent/train's kinds). Only their kinds run. */
  modules?: readonly string[];
  /** One line per event: job started, finished, rejected (default: none). */
  log?(line: string): void;
  /**
   * How long a job's lock lasts without renewal (default 30 000 ms; renewed every half). A worker
   * that dies mid-job loses its lock, and another worker's stall check (every `stalledIntervalMs`,
   * default 30 000) puts the job back on the queue.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface QueueWorker {
  /** Finish the jobs in hand, then disconnect. */
  close(): Promise<void>;
}

/**
 * Serve a queue: take job messages, check them (protocol, package version, registered kind),
 * run each on a worker thread (so the main thread keeps renewing the job's lock while a long
 * job computes) and return its value as data. A malformed or foreign message, a job of another
 * version or of a kind not registered here is rejected (failed without retry, logged) and the
 * worker goes on.
 *
 * @example const w = await serveQueue({ url: 'redis://10.0.0.5:6379/0', concurrency: 2, log: console.log });
 */
export async function serveQueue(o: QueueWorkerOptions): Promise<QueueWorker> {
  const target = parseQueueUrl(o.url);
  const concurrency = checkWorkers(o.concurrency ?? 1, 'concurrency');
  const log = o.log ?? (() => {});
  const [{ UnrecoverableError, Worker }, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
  (await connectRedis(target)).disconnect(); // unreachable → a clear error now, not retries forever
  const { JobThreadPool } = await import('./thread-pool.js');
  const pool = new JobThreadPool(concurrency, o.modules ?? DEFAULT_JOB_MODULES);
  const redis = new Redis({ ...target.redis, maxRetriesPerRequest: null });
  redis.on('error', () => {});
  // bytes of the runs' blobs, by run and reference (a run's jobs share them)
  const blobs = new Map<string, SharedArrayBuffer>();
  const fetchBlobs = async (m: JobMessage): Promise<Record<string, SharedArrayBuffer>> => {
    const out: Record<string, SharedArrayBuffer> = {};
    for (const ref of m.blobs) {
      let sab = blobs.get(ref);
      if (!sab) {
        const bytes = await redis.getBuffer(blobKey(target.queue, m.run, ref));
        if (!bytes) throw new UnrecoverableError(failureReason('missing-blob', `data ${ref} of run ${m.run} is not in Redis (the run ended, or Redis restarted)`));
        sab = new SharedArrayBuffer(bytes.byteLength);
        new Uint8Array(sab).set(bytes);
        if (blobs.size >= 8) blobs.delete(blobs.keys().next().value!);
        blobs.set(ref, sab);
      }
      out[ref] = sab;
    }
    return out;
  };
  const process = async (job: Job): Promise<string> => {
    let m: JobMessage;
    try {
      m = checkJobMessage(job.data, TRAIN_VERSION);
    } catch (e) {
      const { code, message } = errorData(e);
      log(`rejected job ${job.id} (${job.name}): ${message}`);
      throw new UnrecoverableError(failureReason(code, message));
    }
    if ((await redis.exists(cancelKey(target.queue, m.run))) === 1) throw new UnrecoverableError(failureReason('cancelled', `run ${m.run} was cancelled`));
    log(`job ${job.id} started: ${m.spec.kind}${m.spec.name !== undefined ? ` "${m.spec.name}"` : ''} seed ${m.spec.seed}`);
    try {
      const value = await pool.runWire(m.spec, await fetchBlobs(m), undefined, m.core);
      log(`job ${job.id} done`);
      return value;
    } catch (e) {
      const { code, message } = errorData(e);
      if (code === 'unknown-job') log(`rejected job ${job.id}: ${message}`);
      else log(`job ${job.id} failed: ${message}`);
      throw new UnrecoverableError(failureReason(code, message));
    }
  };
  const worker = new Worker(target.queue, process, {
    connection: { ...target.redis, maxRetriesPerRequest: null },
    concurrency,
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: o.stalledIntervalMs ?? 30_000,
    maxStalledCount: 1,
  });
  let lastError = '';
  worker.on('error', (e) => {
    if (e.message !== lastError) log(`redis: ${e.message}`);
    lastError = e.message;
  });
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.close();
      redis.disconnect();
    },
  };
}
