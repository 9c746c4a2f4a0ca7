import { DescentError } from '@descent/optim-wasm';
import { intFlag } from '../config/options.js';
import { EXIT, usageError } from '../errors.js';
import { CLI_JOB_MODULE } from '../fanout/runner.js';
import { interruptSignal } from '../signals.js';

export interface WorkerOptions {
  queue?: string;
  concurrency?: string;
  quiet?: boolean;
}

/**
 * `descent worker --queue URL`: serve the queue's jobs until Ctrl-C or SIGTERM (then finish the
 * jobs in hand and exit 0). Each job runs on one of --concurrency threads; only the kinds of the
 * CLI's job module run. Prints one line per job started, finished or rejected.
 */
export async function workerCommand(o: WorkerOptions): Promise<number> {
  if (!o.queue) throw usageError('descent worker: --queue redis://HOST:PORT/DB is required');
  const concurrency = intFlag('concurrency', o.concurrency, 1);
  const { serveQueue, parseQueueUrl } = await import('@descent/fanout');
  const log = o.quiet ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  let worker;
  try {
    worker = await serveQueue({ url: o.queue, concurrency, modules: [CLI_JOB_MODULE], log });
  } catch (e) {
    if (e instanceof DescentError && (e.code === 'queue-unreachable' || e.code === 'bad-queue-url')) throw usageError(e.message);
    throw e;
  }
  const target = parseQueueUrl(o.queue);
  log(`descent worker: serving queue '${target.queue}' at ${target.shown} with ${concurrency} thread${concurrency === 1 ? '' : 's'} (Ctrl-C to stop)`);
  const stop = interruptSignal(); // the first Ctrl-C / SIGTERM / SIGHUP; a second one exits at once
  await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  log('descent worker: stopping after the jobs in hand');
  await worker.close();
  return EXIT.ok;
}
