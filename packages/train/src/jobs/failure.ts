import { DescentError } from '@descent/optim-wasm';
import { canonicalJson, type Json } from './json.js';
import type { JobSpec } from './jobs.js';

/** A job threw: the run fails with the job's own code and message, naming the spec. */
export class JobFailedError extends DescentError {
  constructor(
    code: string,
    message: string,
    readonly spec: JobSpec,
  ) {
    super(code, message);
  }
}

/** `kind "name" seed 3 {config…}`: a spec in one line (long configs clipped). */
export function describeJob(spec: JobSpec): string {
  const config = canonicalJson(spec.config as Json);
  const clipped = config.length > 240 ? `${config.slice(0, 237)}...` : config;
  return `${spec.kind}${spec.name !== undefined ? ` "${spec.name}"` : ''} seed ${spec.seed} ${clipped}`;
}

/** The code and message of anything thrown (a DescentError keeps its code). */
export function errorData(e: unknown): { code: string; message: string } {
  if (e instanceof DescentError) return { code: e.code, message: e.message };
  return { code: 'job-failed', message: e instanceof Error ? e.message : String(e) };
}

/**
 * The error of a failed job: its code and message, then the spec that failed. The same on every
 * runner: thread and queue runners send `errorData` back and rebuild it here.
 */
export function jobFailure(spec: JobSpec, e: unknown): JobFailedError {
  if (e instanceof JobFailedError) return e;
  const { code, message } = errorData(e);
  return new JobFailedError(code, `${message} (job ${describeJob(spec)})`, spec);
}
