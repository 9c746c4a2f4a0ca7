// A runner advances one job a slice at a time and reports what changed; the worker loop calls
// `tick` until it returns false. Runners are deterministic: how the work is sliced never changes
// the numbers, only how often the UI hears about them.
import type { Job } from '../protocol.js';
import type { FromWorker } from '../protocol.js';
import { ClassifierSession } from '../engine/classifier.js';
import { heatmapOf, probabilities } from '../engine/heatmap-grid.js';
import { pointsOf } from '../engine/data.js';
import { planeBounds, planeGrid } from '@descent/train';
import { createRace } from '@descent/train';
import { runSharpness } from '../engine/batch-size.js';
import { runBiasVarianceOn } from '../engine/bias-variance.js';
import { runEnsemblesOn } from '../engine/ensembles.js';
import { runCvOn } from '../engine/cv.js';
import { runJobs } from '@descent/train';
import { pooledRunner } from './pooled.js';

export interface Runner {
  /** Work for about `budgetMs`; post zero or more messages; false when finished. */
  tick(budgetMs: number, post: (m: FromWorker) => void): boolean;
  /** Steps done so far (for steps/s). */
  readonly steps: number;
  /** Delay before the next tick: the race is paced to be watched, training runs flat out. */
  readonly pauseMs: number;
  free(): void;
}

const now = () => performance.now();

function raceRunner(runId: number, job: Extract<Job, { kind: 'race' }>): Runner {
  const racers = createRace(job.config);
  const perTick = Math.max(1, Math.ceil(job.config.steps / 240));
  let step = 0;
  let first = true;
  return {
    get steps() {
      return step * racers.length;
    },
    pauseMs: 16,
    tick(_budget, post) {
      const frames = racers.map((r) => {
        const path: number[] = [];
        const loss: number[] = [];
        if (first) {
          const p = r.position();
          path.push(p.x, p.y);
          loss.push(p.loss);
        }
        for (let s = 0; s < perTick && step + s < job.config.steps; s++) {
          const p = r.step();
          if (!p) break;
          path.push(p.x, p.y);
          loss.push(p.loss);
        }
        return { name: r.name, path, loss, diverged: r.diverged };
      });
      first = false;
      step = Math.min(job.config.steps, step + perTick);
      post({ type: 'race-frame', runId, step, racers: frames });
      return step < job.config.steps;
    },
    free() {
      for (const r of racers) r.free();
    },
  };
}

const HEATMAP_RES = 48;

function classifierRunner(runId: number, job: Extract<Job, { kind: 'classifier' }>): Runner {
  const s = new ClassifierSession(job.config, job.csv);
  const bounds = planeBounds(s.data.all.x);
  const grid = planeGrid(HEATMAP_RES, bounds);
  let sentPoints = false;
  let sentEpochs = -1;
  return {
    get steps() {
      return s.steps;
    },
    pauseMs: 0,
    tick(budget, post) {
      const t0 = now();
      const stepLosses: number[] = [];
      let error: unknown = null;
      while (!s.done && now() - t0 < budget) {
        try {
          stepLosses.push(s.step());
        } catch (e) {
          error = e;
          break;
        }
      }
      const heatmap = heatmapOf(probabilities(s.model, grid, 2), s.data.classes, HEATMAP_RES, bounds);
      const test = s.done && !error ? s.score('test') : null;
      post({
        type: 'classifier-frame',
        runId,
        step: s.steps,
        epoch: s.epoch,
        stepLosses,
        epochs: sentEpochs === s.history.length ? [] : s.history,
        heatmap,
        points: sentPoints ? null : pointsOf(s.data),
        bestEpoch: s.bestEpoch,
        stoppedEarly: s.stoppedEarly,
        test,
      });
      sentPoints = true;
      sentEpochs = s.history.length;
      if (error) throw error;
      return !s.done;
    },
    free() {
      s.free();
    },
  };
}

/** One-shot views: compute the whole result in one tick. */
function once(runId: number, compute: () => FromWorker): Runner {
  let done = false;
  return {
    get steps() {
      return 0;
    },
    pauseMs: 0,
    tick(_budget, post) {
      if (!done) post(compute());
      done = true;
      return false;
    },
    free() {},
  };
}

/** Job specs on lanes (serially here for 0 or 1): the values in spec order, whichever lane ran each. */
function jobsRunner(runId: number, job: Extract<Job, { kind: 'jobs' }>, variant: CoreVariant): Runner {
  return pooledRunner(runId, job.workers === 'auto' ? 'auto' : Math.max(1, job.workers), variant, async (runner, options) => {
    const values = (await runJobs(job.specs, runner, options)).map((r) => r.value);
    // the runner's name says the lanes of the run just done
    return { type: 'jobs-result', runId, runner: runner.name, values };
  });
}

/** A pooled view's lanes: 'auto' or at least 1. */
const viewPool = (workers: number | 'auto') => (workers === 'auto' ? 'auto' : Math.max(1, workers));

/** The core build the training worker loaded; pool workers load the same one. */
export type CoreVariant = 'simd' | 'relaxed';

export function createRunner(runId: number, job: Job, variant: CoreVariant = 'simd'): Runner {
  switch (job.kind) {
    case 'jobs':
      return jobsRunner(runId, job, variant);
    case 'race':
      return raceRunner(runId, job);
    case 'classifier':
      return classifierRunner(runId, job);
    case 'sharpness':
      return once(runId, () => ({ type: 'sharpness-result', runId, ...runSharpness(job.config) }));
    case 'bias-variance':
      // the 2-D part's bagged MLPs as job specs on the worker pool; the polynomial fits (closed form) here
      return pooledRunner<Extract<FromWorker, { type: 'bias-variance-result' }>>(runId, viewPool(job.workers), variant, async (runner, options) => ({ type: 'bias-variance-result', runId, ...(await runBiasVarianceOn(job.config, runner, options)) }));
    case 'ensembles':
      // the bagged members as job specs on the worker pool; AdaBoost's rounds (each needs the last) here
      return pooledRunner<Extract<FromWorker, { type: 'ensembles-result' }>>(runId, viewPool(job.workers), variant, async (runner, options) => ({ type: 'ensembles-result', runId, ...(await runEnsemblesOn(job.config, job.csv, runner, options)) }));
    case 'cv':
      // the candidate × fold trainings as job specs on the worker pool (the same bits as serially)
      return pooledRunner<Extract<FromWorker, { type: 'cv-result' }>>(runId, viewPool(job.workers), variant, async (runner, options) => ({ type: 'cv-result', runId, ...(await runCvOn(job.config, job.csv, runner, options)) }));
  }
}
