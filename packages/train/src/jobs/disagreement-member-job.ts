import { disagreementFrom, disagreementMember, runBiasVariance, validateBiasVarianceSettings, type BiasVarianceRun, type BiasVarianceSettings, type DisagreementMember, type DisagreementSettings } from '../recipe/bias-variance-run.js';
import { defineJob, type JobContext, type JobDefinition, type JobSpec } from './jobs.js';
import type { Json } from './json.js';

/** The job kind that trains one bagged MLP of the bias–variance run's 2-D part (the playground's bias–variance view, `experiment bias-variance --samples …`). */
export const DISAGREEMENT_MEMBER_JOB = 'bias-variance/disagreement-member';

/** Member `member` of the 2-D part with `disagreement`'s settings; the spec's seed is the run's. */
export type DisagreementMemberConfig = { disagreement: DisagreementSettings & Record<string, Json>; member: number };

const runMember = (c: DisagreementMemberConfig, ctx: JobContext): DisagreementMember => disagreementMember(c.disagreement, ctx.seed, c.member);

/** The job kind of one 2-D bagging member (registered on first call, not at import). */
export function disagreementMemberJob(): JobDefinition<DisagreementMemberConfig, DisagreementMember> {
  return defineJob(DISAGREEMENT_MEMBER_JOB, runMember);
}

/** The member specs of a run's 2-D part, member order (none when it has no 2-D part). */
export function disagreementSpecs(s: BiasVarianceSettings): JobSpec<DisagreementMemberConfig>[] {
  const d = s.disagreement;
  if (!d) return [];
  const job = disagreementMemberJob();
  return Array.from({ length: d.members }, (_, member) => job.spec({ disagreement: d as DisagreementMemberConfig['disagreement'], member }, s.seed, `disagreement member ${member + 1}`));
}

/**
 * runBiasVariance with the 2-D part's members as jobs (`bias-variance/disagreement-member`) run
 * by `run` — threads, a queue, Web Workers; the polynomial fits (closed form, cheap) and the
 * assembly stay here. The same bits as runBiasVariance on every runner.
 *
 * @example const r = await runBiasVarianceOn(settings, async (specs) => (await runJobs(specs, pool)).map((x) => x.value));
 */
export async function runBiasVarianceOn(s: BiasVarianceSettings, run: (specs: JobSpec<DisagreementMemberConfig>[]) => Promise<DisagreementMember[]>): Promise<BiasVarianceRun> {
  validateBiasVarianceSettings(s);
  const local = runBiasVariance({ ...s, disagreement: null });
  if (!s.disagreement) return local;
  const members = await run(disagreementSpecs(s));
  return { ...local, settings: s, disagreement: disagreementFrom(s.disagreement, s.seed, members) };
}
