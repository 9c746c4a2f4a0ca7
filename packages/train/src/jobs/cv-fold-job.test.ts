import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, type TrainConfig } from '../recipe/config.js';
import { crossValidate } from '../recipe/cross-validate.js';
import { namedDataset } from '../recipe/data.js';
import { crossValidateOn } from './cv-fold-job.js';
import { namedJobData } from './job-data.js';
import { runJobs } from './jobs.js';
import { fromWire, toWire } from './wire.js';

describe('crossValidateOn: cross-validation folds as jobs', () => {
  const base: TrainConfig = { ...TRAIN_DEFAULTS, name: 'cv', optim: {}, dataset: 'moons', samples: 90, model: 'mlp:4', epochs: 2, seed: 3 };
  const candidates = [base, { ...base, optim: { lr: 0.01 } }];
  const data = namedDataset(base);

  it('gives crossValidate bit for bit: fold scores, histories, choice, refit test score', async () => {
    const direct = crossValidate(base, candidates, data, { folds: 3 });
    const seen: string[] = [];
    const jobs = await crossValidateOn(base, candidates, data, namedJobData(base), { folds: 3 }, async (specs) => {
      seen.push(...specs.map((s) => s.name!));
      // through the wire, as a thread or queue worker would return them
      return (await runJobs(JSON.parse(JSON.stringify(specs)))).map((r) => fromWire(toWire(r.value)) as never);
    });
    expect(seen).toEqual(['candidate 1 fold 1', 'candidate 1 fold 2', 'candidate 1 fold 3', 'candidate 2 fold 1', 'candidate 2 fold 2', 'candidate 2 fold 3']);
    expect(jobs.candidates).toEqual(direct.candidates);
    expect(jobs.best).toBe(direct.best);
    expect(jobs.testScore).toBe(direct.testScore);
    expect(Array.from(jobs.foldOf)).toEqual(Array.from(direct.foldOf));
    direct.free();
    jobs.free();
  });
});
