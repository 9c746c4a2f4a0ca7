import { biasVarianceMemberJob } from '../experiments/bias-variance-sweep.js';
import { digitsBatchSizeJob } from '../experiments/digits-batch-size-job.js';
import { baggingMemberJob } from './bagging-member-job.js';
import { cvFoldJob } from './cv-fold-job.js';
import { disagreementMemberJob } from './disagreement-member-job.js';
import { pingJob } from './ping-job.js';
import { trainRunJob } from './train-run-job.js';

/**
 * Register every job kind of @descent/train. A worker (thread, queue worker, Web Worker) calls
 * it before its first job: a worker runs registered kinds only, and specs carry data, never code.
 * A module that defines more kinds exports its own `registerJobs` (see @descent/fanout).
 */
export function registerJobs(): void {
  trainRunJob();
  cvFoldJob();
  pingJob();
  digitsBatchSizeJob();
  biasVarianceMemberJob();
  baggingMemberJob();
  disagreementMemberJob();
}
