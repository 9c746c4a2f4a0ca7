import { DescentError } from '@descent/optim-wasm';

// A failed job's reason travels through BullMQ as text: `<code>: <message>`.

export const failureReason = (code: string, message: string): string => `${code}: ${message}`;

/** The error a failed job's reason describes (its code kept when it has one). */
export function failureFromReason(reason: string): DescentError {
  const m = /^([a-z][a-z0-9-]*): ([\s\S]*)$/.exec(reason);
  return m ? new DescentError(m[1]!, m[2]!) : new DescentError('job-failed', reason);
}
