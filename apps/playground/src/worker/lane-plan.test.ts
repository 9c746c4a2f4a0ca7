// The lane decision, checked as arithmetic on the specs the views really send (captured from
// runCvOn / runEnsemblesOn / runBiasVarianceOn), never by timing: the default views are too small
// for a cold pool and run in the training worker alone; ten times the epochs pays for a second
// lane; a warm pool pays sooner; an explicit count is obeyed; one job or one core is one lane.
import { describe, expect, it } from 'vitest';
import type { JobRunner, JobSpec } from '@descent/train';
import { runBiasVarianceOn } from '../engine/bias-variance.js';
import { runCvOn } from '../engine/cv.js';
import { runEnsemblesOn } from '../engine/ensembles.js';
import { DEFAULTS } from '../state.js';
import type { CvConfig } from '../config.js';
import { jobMs, PAYS_BELOW, planLanes, predictMs, ROUND_TRIP_MS, START_MS, trainMs } from './lane-plan.js';

/** The specs a view hands its runner (the run stops there). */
async function specsOf(run: (r: JobRunner) => Promise<unknown>): Promise<JobSpec[]> {
  let got: JobSpec[] = [];
  const capture: JobRunner = {
    name: 'capture',
    run(specs) {
      got = [...specs];
      return Promise.reject(new Error('captured'));
    },
  };
  await run(capture).catch(() => {});
  return got;
}

const cvSpecs = (c: CvConfig) => specsOf((r) => runCvOn(c, null, r));
const ms = (specs: JobSpec[]) => specs.map((s) => jobMs(s));

describe('lane plan', () => {
  it('estimates a training from its steps: epochs × ⌈rows / batch⌉ × (a fixed step cost + rows × params)', () => {
    const one = trainMs({ epochs: 1, rows: 32, batch: 32, layers: [2, 8, 2] });
    expect(trainMs({ epochs: 10, rows: 32, batch: 32, layers: [2, 8, 2] })).toBeCloseTo(10 * one, 12);
    expect(trainMs({ epochs: 1, rows: 320, batch: 32, layers: [2, 8, 2] })).toBeCloseTo(10 * one, 12);
    // a batch larger than the rows is the full batch
    expect(trainMs({ epochs: 1, rows: 32, batch: 1000, layers: [2, 8, 2] })).toBe(one);
    expect(trainMs({ epochs: 1, rows: 32, batch: 32, layers: [2, 64, 64, 2] })).toBeGreaterThan(one);
  });

  it('the default cv, ensembles and bias–variance views are too small for a cold pool: one lane, on any number of cores', async () => {
    const views = {
      cv: await cvSpecs(DEFAULTS.cv),
      ensembles: await specsOf((r) => runEnsemblesOn(DEFAULTS.ensembles, null, r)),
      'bias-variance': await specsOf((r) => runBiasVarianceOn(DEFAULTS['bias-variance'], r)),
    };
    expect(Object.values(views).map((s) => s.length)).toEqual([20, 9, 12]);
    for (const specs of Object.values(views)) {
      // each job is tens of milliseconds of training, the whole view well under START_MS
      for (const m of ms(specs)) expect(m).toBeGreaterThan(5);
      for (const cores of [2, 4, 16]) {
        const plan = planLanes({ jobMs: ms(specs), requested: 'auto', cores, warmWorkers: 0 });
        expect(plan).toMatchObject({ lanes: 1, reason: 'small', steal: true });
        expect(plan.workMs).toBeLessThan(START_MS);
      }
    }
  });

  it('ten times the epochs pays for a second lane on two cores, for more on more cores', async () => {
    const big = ms(await cvSpecs({ ...DEFAULTS.cv, epochs: 300 }));
    expect(planLanes({ jobMs: big, requested: 'auto', cores: 2, warmWorkers: 0 })).toMatchObject({ lanes: 2, reason: 'pays' });
    const four = planLanes({ jobMs: big, requested: 'auto', cores: 4, warmWorkers: 0 });
    expect(four.lanes).toBeGreaterThan(2);
    // the chosen count is the one predicted fastest, and it is below PAYS_BELOW of one lane
    for (let l = 1; l <= 4; l++) expect(predictMs(four.workMs, big.length, four.lanes, 0)).toBeLessThanOrEqual(predictMs(four.workMs, big.length, l, 0));
    expect(predictMs(four.workMs, big.length, four.lanes, 0)).toBeLessThanOrEqual(PAYS_BELOW * four.workMs);
  });

  it('a warm pool pays sooner: the default cv on a warm second worker runs on two lanes', async () => {
    const specs = ms(await cvSpecs(DEFAULTS.cv));
    expect(planLanes({ jobMs: specs, requested: 'auto', cores: 2, warmWorkers: 1 })).toMatchObject({ lanes: 2, reason: 'pays' });
    // but not a view of a few milliseconds, where messaging is most of it
    const tiny = specs.slice(0, 2).map(() => ROUND_TRIP_MS);
    expect(planLanes({ jobMs: tiny, requested: 'auto', cores: 2, warmWorkers: 1 })).toMatchObject({ lanes: 1, reason: 'small' });
  });

  it('predicts each cold worker as START_MS of lost time and every pooled job as ROUND_TRIP_MS', () => {
    expect(predictMs(1000, 10, 1, 0)).toBe(1000);
    expect(predictMs(1000, 10, 2, 0)).toBe((1000 + START_MS + 10 * ROUND_TRIP_MS) / 2);
    expect(predictMs(1000, 10, 3, 1)).toBe((1000 + START_MS + 10 * ROUND_TRIP_MS) / 3);
    expect(predictMs(1000, 10, 3, 5)).toBe((1000 + 10 * ROUND_TRIP_MS) / 3);
  });

  it('an explicit count is obeyed (at most one lane per job) and never steals; one job or one core is one lane; unknown kinds never pay', () => {
    const jobs = [100, 100, 100];
    expect(planLanes({ jobMs: jobs, requested: 2, cores: 1, warmWorkers: 0 })).toEqual({ lanes: 2, steal: false, reason: 'asked', workMs: 300 });
    expect(planLanes({ jobMs: jobs, requested: 8, cores: 2, warmWorkers: 0 }).lanes).toBe(3);
    expect(planLanes({ jobMs: [1e6], requested: 'auto', cores: 8, warmWorkers: 0 })).toMatchObject({ lanes: 1, reason: 'one-job' });
    expect(planLanes({ jobMs: [1e6, 1e6], requested: 'auto', cores: 1, warmWorkers: 0 })).toMatchObject({ lanes: 1, reason: 'one-core' });
    expect(jobMs({ kind: 'test/other', config: {}, seed: 1 })).toBe(0);
    expect(planLanes({ jobMs: [0, 0, 0, 0], requested: 'auto', cores: 8, warmWorkers: 8 })).toMatchObject({ lanes: 1, reason: 'small' });
  });
});
