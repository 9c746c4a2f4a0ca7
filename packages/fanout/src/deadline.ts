/**
 * `work`, or a rejection with `Error(message)` after `ms`. The timer is unref'd and cleared when
 * `work` settles, so a finished run never waits for it to exit (ioredis's own commandTimeout
 * leaves timers behind for commands it settles without a reply, which held a finished
 * submitter's process open for 5 s).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
