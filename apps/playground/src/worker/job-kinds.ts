// The job kinds the playground's worker pool serves: each registers its function (train's
// defineJob) so a pool worker can run any spec of that kind. A kind missing here is refused by
// executeJob with a message naming it.
import { biasVarianceMemberJob } from '@descent/train';

export function registerJobKinds(): void {
  biasVarianceMemberJob();
}
