// The task module of every thread pool (threads runner and queue worker): one job per call. The
// thread keeps its WASM instance and parsed datasets from job to job.
import { workerData } from 'node:worker_threads';
import { errorData, executeJob, toWire, type JobCore, type JobSpec } from '@descent/train';
import { useCore } from './thread-core.js';
import { loadJobModules } from './job-modules.js';

export interface ThreadTask {
  spec: JobSpec;
  modules: readonly string[];
  /** The run's blobs by reference, in shared memory (not copied per thread). */
  blobs: Record<string, SharedArrayBuffer>;
  /** The run's core build (RunOptions.core). */
  core?: JobCore;
}

export type ThreadReply = { value: string } | { error: { code: string; message: string } };

// a kept-alive pool's thread gets ready before its first job: job modules loaded, core compiled
const warm = (workerData as { warm?: readonly string[] } | null)?.warm;
if (warm) void loadJobModules(warm).then(() => useCore(undefined), () => {}); // a failure shows in the first job

export default async function runTask(task: ThreadTask): Promise<ThreadReply> {
  try {
    await loadJobModules(task.modules);
    useCore(task.core);
    const blobs = new Map(Object.entries(task.blobs).map(([ref, sab]) => [ref, new Uint8Array(sab)]));
    return { value: toWire(await executeJob(task.spec, blobs), task.spec) };
  } catch (e) {
    return { error: errorData(e) };
  }
}
