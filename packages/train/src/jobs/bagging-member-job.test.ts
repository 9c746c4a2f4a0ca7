import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, type TrainConfig } from '../recipe/config.js';
import { namedDataset } from '../recipe/data.js';
import { ensembleLearner, prepareEnsemble, runBagging } from '../recipe/ensemble-run.js';
import { planeBounds, planeGrid } from '../recipe/plane-grid.js';
import { baggingOn, baggingSpecs, type BaggingMemberResult } from './bagging-member-job.js';
import { namedJobData } from './job-data.js';
import { runJobs } from './jobs.js';

const config = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  ...TRAIN_DEFAULTS,
  name: 'bag',
  dataset: 'moons',
  samples: 120,
  noise: 0.3,
  model: 'mlp:8',
  optim: { lr: 0.03 },
  batchSize: 32,
  epochs: 3,
  valSplit: 0,
  testSplit: 0.25,
  seed: 5,
  ...o,
});

const onJobs = async (specs: Parameters<typeof runJobs>[0]) => (await runJobs<BaggingMemberResult>(specs)).map((r) => r.value);

describe('ensemble/bagging-member jobs give runBagging, bit for bit', () => {
  for (const [what, c, learner] of [
    ['network members, classification', config(), 'net'],
    ['stump members, classification', config(), 'stump'],
    ['network members, regression', config({ dataset: 'sine', samples: 80, noise: 0.1 }), 'net'],
  ] as const) {
    it(what, async () => {
      const d = namedDataset(c);
      const data = prepareEnsemble(d, c);
      const bag = runBagging(data, ensembleLearner(learner, c, data), { members: 3, seed: c.seed });
      const grid = planeGrid(6, planeBounds(data.all.x));
      try {
        const jobs = await baggingOn(c, d, namedJobData(c), { members: 3, learner, grid: 6 }, onJobs);
        expect(jobs.rows).toEqual(bag.rows);
        expect(jobs.oob).toEqual(bag.oob);
        jobs.members.forEach((m, b) => {
          expect(m.member).toBe(b);
          expect(m.oob).toEqual(bag.model.samples[b]!.oob);
          expect(m.test).toEqual(bag.model.members[b]!.predict(data.test!.x));
          expect(m.grid).toEqual(bag.model.members[b]!.predict(grid));
          const t = bag.trained[b]!.trainer;
          if (learner === 'net') {
            expect(m.network!.seed).toBe(t!.config.seed);
            expect(m.network!.history).toEqual(t!.history);
            expect(m.network!.checkpoint).toEqual(t!.checkpoint());
          } else {
            expect(m.stump).toEqual({ ...bag.trained[b]!.stump });
          }
        });
      } finally {
        bag.free();
      }
    });
  }

  it('refuses a member count that is not a positive integer, naming the field', () => {
    expect(() => baggingSpecs(config(), namedJobData(config()), { members: 0, learner: 'net' })).toThrow(/bagging: members must be an integer >= 1, got 0/);
  });
});
