// Redis keys of descent beside BullMQ's own (`bull:<queue>:…`).
export const blobKey = (queue: string, run: string, ref: string): string => `descent:${queue}:blob:${run}:${ref}`;
export const cancelKey = (queue: string, run: string): string => `descent:${queue}:cancel:${run}`;
/** BullMQ's hash of one job (read directly by the submitter's watchdog). */
export const bullJobKey = (queue: string, id: string): string => `bull:${queue}:${id}`;
/** Job ids: `<run>.<index>` (BullMQ ids may not hold ':'). */
export const jobId = (run: string, index: number): string => `${run}.${index}`;
/** How long a run's blobs and cancel mark stay if the submitter dies: a day. */
export const KEEP_SECONDS = 86_400;
