import { DescentError } from '@descent/optim-wasm';
import { validateJobSpec, type JobCore, type JobSpec } from './jobs.js';

/** The protocol tag of a job message: a worker rejects anything else. */
export const JOB_PROTOCOL = 'descent-job/1';

/**
 * What a submitter puts on a queue for one job: data only (never code). `version` is the
 * submitter's @descent/train version; `run` and `index` say whose job it is; `blobs` lists the
 * content references of the run (fetched once per worker).
 */
export interface JobMessage {
  protocol: typeof JOB_PROTOCOL;
  version: string;
  run: string;
  index: number;
  spec: JobSpec;
  blobs: string[];
  /** The core build the submitter asked for (RunOptions.core); absent: the default build, 1 thread. */
  core?: JobCore;
}

const bad = (why: string) => new DescentError('bad-message', `not a descent job message: ${why}`);

/**
 * Check a message taken from a queue. Malformed or foreign data → 'bad-message'; a message from
 * another package version → 'version-mismatch' (results could differ in the last bit).
 */
export function checkJobMessage(raw: unknown, version: string): JobMessage {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad(`expected an object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`);
  const m = raw as Record<string, unknown>;
  if (m.protocol !== JOB_PROTOCOL) throw bad(`protocol ${JSON.stringify(m.protocol ?? null)}, expected '${JOB_PROTOCOL}'`);
  if (typeof m.version !== 'string') throw bad('no version');
  if (m.version !== version) {
    throw new DescentError('version-mismatch', `job submitted by @descent/train ${m.version}, but this worker runs ${version}: refusing it (install the same version on every machine)`);
  }
  if (typeof m.run !== 'string' || m.run === '') throw bad('no run id');
  if (typeof m.index !== 'number' || !Number.isInteger(m.index) || m.index < 0) throw bad('no job index');
  if (!Array.isArray(m.blobs) || !m.blobs.every((b) => typeof b === 'string')) throw bad('blobs must be a list of references');
  if (m.core !== undefined) {
    const c = m.core as Partial<JobCore> | null;
    if (c === null || typeof c !== 'object' || typeof c.fast !== 'boolean' || !Number.isInteger(c.threads) || (c.threads as number) < 1) throw bad('core must be {fast: boolean, threads: integer >= 1}');
  }
  try {
    validateJobSpec(m.spec, 'spec');
  } catch (e) {
    throw bad((e as Error).message);
  }
  return m as unknown as JobMessage;
}
