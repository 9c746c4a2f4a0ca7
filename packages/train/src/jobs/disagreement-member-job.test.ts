import { describe, expect, it } from 'vitest';
import { biasVarianceSettings, runBiasVariance } from '../recipe/bias-variance-run.js';
import { disagreementSpecs, runBiasVarianceOn } from './disagreement-member-job.js';
import { runJobs } from './jobs.js';
import type { DisagreementMember } from '../recipe/bias-variance-run.js';

const settings = biasVarianceSettings({ samples: 30, noise: 0.3, fits: 6, degree: 3, maxDegree: 5, seed: 4, disagreement: { members: 3, width: 4, epochs: 4, samples: 60, res: 8 } });

describe('bias-variance/disagreement-member jobs give runBiasVariance, bit for bit', () => {
  it('the 2-D part assembled from member jobs (through the wire) equals the in-process run', async () => {
    const serial = runBiasVariance(settings);
    const jobs = await runBiasVarianceOn(settings, async (specs) => (await runJobs<DisagreementMember>(specs)).map((r) => r.value));
    expect(JSON.stringify(jobs)).toBe(JSON.stringify(serial));
    expect(jobs.disagreement!.members.map((m) => m.tensors)).toEqual(serial.disagreement!.members.map((m) => m.tensors));
    expect(jobs.disagreement!.members).toHaveLength(3);
  });

  it('one spec per member, seeded with the run seed; none without a 2-D part', () => {
    const specs = disagreementSpecs(settings);
    expect(specs.map((s) => [s.kind, s.seed, s.config.member])).toEqual([0, 1, 2].map((b) => ['bias-variance/disagreement-member', 4, b]));
    expect(disagreementSpecs({ ...settings, disagreement: null })).toEqual([]);
  });

  it('bad settings are refused before any job runs, naming the field', async () => {
    await expect(runBiasVarianceOn({ ...settings, disagreement: { ...settings.disagreement!, members: 0 } }, async () => [])).rejects.toThrow("bias-variance: `members` must be an integer in [1, ∞], got 0");
  });
});
