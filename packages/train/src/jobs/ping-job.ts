import { defineJob, type JobDefinition } from './jobs.js';

/** The job kind that only answers: measures a runner's round trip without work. */
export const PING_JOB = 'descent/ping';

const ping = (_: null, { seed }: { seed: number }) => ({ ok: true, seed });

/**
 * A job that does nothing but answer: what a queue's round trip costs without any work (the
 * fan-out benchmark) and a check that a worker is up and of the same version.
 */
export function pingJob(): JobDefinition<null, { ok: boolean; seed: number }> {
  return defineJob(PING_JOB, ping);
}
