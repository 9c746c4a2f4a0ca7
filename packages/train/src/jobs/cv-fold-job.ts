import { DescentError } from '@descent/optim-wasm';
import type { Dataset } from '../data/dataset.js';
import type { TrainConfig } from '../recipe/config.js';
import { cvCandidatesSplit, cvFold, cvSplit, finishCrossValidation, type CrossValidateOptions, type CrossValidation, type FoldResult } from '../recipe/cross-validate.js';
import { jobDataset, type JobData } from './job-data.js';
import { defineJob, type JobContext, type JobDefinition, type JobSpec } from './jobs.js';
import type { Json } from './json.js';

/** The job kind that trains one (candidate, fold) pair of a cross-validation and scores the held-out fold. */
export const CV_FOLD_JOB = 'cv/fold';

/** One (candidate, fold) of crossValidate as a job: the worker recomputes the folds from the seed. */
export type CvFoldConfig = {
  split: { seed: number; testSplit: number; folds: number; stratify: boolean };
  fold: number;
  candidate: TrainConfig & Record<string, Json>;
  data: JobData & Record<string, Json>;
};

/** One (candidate, fold) of searchCV: `params` for its build function, run by the fold learner named `learner`. */
export type CvLearnerFoldConfig = {
  split: { seed: number; testSplit: number; folds: number; stratify: boolean };
  fold: number;
  candidate: Record<string, Json>;
  learner: string;
};

/** Trains candidate `params` on fold `fold` and scores the held-out rows (seeded by the job's rng). */
export type FoldLearner = (params: Record<string, Json>, fold: number, ctx: JobContext) => FoldResult;

// searchCV's learners close over a build function and in-memory rows: they exist in the process
// that registered them (its serial or in-process runners), never in a worker
const learners = new Map<string, FoldLearner>();
let learnerCount = 0;

/** Register a fold learner for `cv/fold` specs of this process; returns its name and a release. */
export function registerFoldLearner(prefix: string, learner: FoldLearner): { name: string; release: () => void } {
  const name = `${prefix}/${learnerCount++}`;
  learners.set(name, learner);
  return { name, release: () => void learners.delete(name) };
}

function runFold(c: CvFoldConfig | CvLearnerFoldConfig, ctx: JobContext): FoldResult {
  if ('learner' in c) {
    const learner = learners.get(c.learner);
    if (!learner) throw new DescentError('bad-job', `cv/fold: no fold learner '${c.learner}' in this process (a searchCV build function runs where searchCV was called; fan out TrainConfig candidates with crossValidateOn)`);
    return learner(c.candidate, c.fold, ctx);
  }
  const data = jobDataset(c.data, ctx);
  const split = cvSplit(c.split, data, { folds: c.split.folds, stratify: c.split.stratify });
  return cvFold(c.candidate, data, split, c.fold);
}

/** The job kind of one cross-validation fold (registered on first call, not at import). */
export function cvFoldJob(): JobDefinition<CvFoldConfig | CvLearnerFoldConfig, FoldResult> {
  return defineJob(CV_FOLD_JOB, runFold);
}

/** Runs fold specs somewhere (runJobs on a runner) and returns their results in spec order. */
export type RunFolds = (specs: JobSpec<CvFoldConfig>[]) => Promise<FoldResult[]>;

/**
 * crossValidate with its candidate × fold models as jobs (`cv/fold`, candidate-major order) run
 * by `run` — threads, a queue, Web Workers — then the same choice, refit and sealed test in this
 * process. `jobData` is where workers find `data` (its name and seed, or the CSV's blob).
 * Results are those of crossValidate, bit for bit, on every runner.
 *
 * @example const cv = await crossValidateOn(base, candidates, d, namedJobData(base), { folds: 5 },
 *            async (specs) => (await runJobs(specs, threadsRunner({ workers: 4 }))).map((r) => r.value));
 */
export async function crossValidateOn(base: TrainConfig, candidates: readonly TrainConfig[], data: Dataset, jobData: JobData, options: CrossValidateOptions, run: RunFolds): Promise<CrossValidation> {
  const split = cvCandidatesSplit(base, candidates, data, options);
  const job = cvFoldJob();
  const k = split.folds.length;
  const specs = candidates.flatMap((c, ci) =>
    split.folds.map((_, fold) =>
      job.spec(
        { split: { seed: base.seed, testSplit: base.testSplit, folds: options.folds, stratify: options.stratify !== false }, fold, candidate: c as CvFoldConfig['candidate'], data: jobData as CvFoldConfig['data'] },
        c.seed,
        `candidate ${ci + 1} fold ${fold + 1}`,
      ),
    ),
  );
  const flat = await run(specs as JobSpec<CvFoldConfig>[]);
  const results = candidates.map((_, ci) => flat.slice(ci * k, (ci + 1) * k));
  return finishCrossValidation(candidates, data, split, results);
}
