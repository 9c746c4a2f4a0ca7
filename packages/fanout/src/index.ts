// @descent/fanout: run descent's job specs on every core and across machines (Node only).
export { threadsRunner, checkWorkers, defaultWorkers, type ThreadsRunnerOptions, type ClosableRunner } from './threads-runner.js';
export { queueRunner, type QueueRunnerOptions } from './queue-runner.js';
export { serveQueue, type QueueWorkerOptions, type QueueWorker } from './queue-worker.js';
export { parseQueueUrl, type QueueTarget } from './redis-url.js';
export { connectRedis } from './redis-probe.js';
export { DEFAULT_JOB_MODULES, loadJobModules } from './job-modules.js';
export { TRAIN_VERSION } from './version.js';
