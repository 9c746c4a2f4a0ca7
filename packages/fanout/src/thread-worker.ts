// The task module of every thread pool (threads runner and queue worker). The thread keeps its
// WASM instance and parsed datasets from job to job.
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { adoptJobData, errorData, executeJob, toWire, type JobCore, type JobSpec, type ParsedJobData } from '@descent/train';
import { useCore } from './thread-core.js';
import { loadJobModules } from './job-modules.js';

interface ThreadSetup {
  modules: readonly string[];
  /** The run's blobs by reference, in shared memory (not copied per thread). */
  blobs: Record<string, SharedArrayBuffer>;
  /** The run's core build (RunOptions.core). */
  core?: JobCore;
}

/** One job (a queue worker's task). */
export interface ThreadTask extends ThreadSetup {
  spec: JobSpec;
}

export type ThreadError = { error: { code: string; message: string } };
export type ThreadReply = { value: string } | ThreadError;

/**
 * A whole run (the threads runner's task): the thread takes job indices from the shared counter
 * `next` — as do the other threads and the submitting thread — until none is left, and posts
 * each job's reply on `port` as it finishes. The first failure stops every claimer.
 */
export interface ClaimTask extends ThreadSetup {
  specs: readonly JobSpec[];
  /** Int32 [next index to take]; an index past the end means stop. */
  next: SharedArrayBuffer;
  /** The run's datasets, parsed by the submitting thread (copies: no parse here). */
  datasets: ParsedJobData[];
  port: MessagePort;
}

export type ClaimReply = ThreadReply & { index: number };

// a pool's thread gets ready before its first job: job modules loaded, core compiled
const warm = (workerData as { warm?: readonly string[] } | null)?.warm;
if (warm) void loadJobModules(warm).then(() => useCore(undefined), () => {}); // a failure shows in the first job

async function setUp(task: ThreadSetup): Promise<Map<string, Uint8Array>> {
  await loadJobModules(task.modules);
  useCore(task.core);
  return new Map(Object.entries(task.blobs).map(([ref, sab]) => [ref, new Uint8Array(sab)]));
}

export default async function runTask(task: ThreadTask): Promise<ThreadReply> {
  try {
    return { value: toWire(await executeJob(task.spec, await setUp(task)), task.spec) };
  } catch (e) {
    return { error: errorData(e) };
  }
}

/** Serve a run's jobs until none is left; resolves with an error only when the thread could not set up. */
export async function runClaimed(task: ClaimTask): Promise<ThreadError | null> {
  const next = new Int32Array(task.next);
  const n = task.specs.length;
  let blobs: Map<string, Uint8Array>;
  try {
    blobs = await setUp(task);
    adoptJobData(task.datasets);
  } catch (e) {
    Atomics.store(next, 0, n);
    return { error: errorData(e) };
  }
  // (the submitting thread closes the port when its run ends: messages posted here all arrive)
  for (let index = Atomics.add(next, 0, 1); index < n; index = Atomics.add(next, 0, 1)) {
    const spec = task.specs[index]!;
    let reply: ClaimReply;
    try {
      reply = { index, value: toWire(await executeJob(spec, blobs), spec) };
    } catch (e) {
      Atomics.store(next, 0, n);
      reply = { index, error: errorData(e) };
    }
    task.port.postMessage(reply);
    if ('error' in reply) break;
  }
  return null;
}
