// How many lanes a pooled view's jobs run on: the training worker itself (lane 1) and pool workers
// (lanes 2 …). A pool worker costs a start (its script, the core, and above all the JIT warm-up of
// a fresh JavaScript engine: its first jobs run 10–25× slower than warm ones) and a little per job;
// it pays only when the run's work is large enough to cover that. The rule is plain arithmetic over
// an estimate of each job's warm time, so a test can check the decision without timing anything.
import type { JobSpec } from '@descent/train';
import { POOL_CAP } from '../pool-size.js';

/** A fresh pool worker's cost before it computes at full speed: start-up plus JIT warm-up (measured: 1–2 s of default-view jobs). */
export const START_MS = 1500;
/** A pool worker counts as warm once it has computed this much estimated work (its JIT has tiered up by then: measured, 60–80 default cv jobs). */
export const WARM_MS = 2000;
/** Messaging per pooled job (post, structured clone, wire decoding, a wake-up). */
export const ROUND_TRIP_MS = 2;
/** More lanes are used only when they are predicted to take at most this share of one lane's time. */
export const PAYS_BELOW = 0.8;

/** Warm time of one optimizer step of a small MLP: a fixed per-step cost (op dispatch) plus its arithmetic. */
const STEP_MS = 0.04;
/** Per (row × parameter) of a step: forward and backward, ~6 flops each at ~5 GFLOP/s. */
const ROW_PARAM_MS = 6 / 5e6;

/** What a job's training cost grows with. */
export interface TrainShape {
  epochs: number;
  rows: number;
  /** Rows per step (the whole set for a full batch). */
  batch: number;
  /** Layer widths, inputs first. */
  layers: number[];
}

/** The warm milliseconds of a training of this shape (an estimate, calibrated on the playground's default views). */
export function trainMs(s: TrainShape): number {
  const rows = Math.max(1, s.rows);
  const batch = Math.max(1, Math.min(rows, s.batch));
  let params = 0;
  for (let i = 1; i < s.layers.length; i++) params += (s.layers[i - 1]! + 1) * s.layers[i]!;
  return s.epochs * Math.ceil(rows / batch) * (STEP_MS + batch * params * ROW_PARAM_MS);
}

type Cfg = Record<string, unknown>;
const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
/** 'mlp:32-32' → [2, 32, 32, 2] (the playground's data are 2-D; two classes is the usual case). */
const layersOf = (model: unknown) => [2, ...(typeof model === 'string' && model.startsWith('mlp:') ? model.slice(4).split('-').map(Number) : []), 2];
const batchOf = (b: unknown, rows: number) => (b === 'full' ? rows : num(b, 32));

/** The rows of a job's data: a CSV's lines (its bytes came with the run), else the generator's samples. */
function dataRows(data: Cfg | undefined, train: Cfg, csvRows: (ref: string) => number | undefined): number {
  const ref = data && typeof data['csv'] === 'string' ? data['csv'] : null;
  return (ref !== null ? csvRows(ref) : undefined) ?? num(train['samples'], 200);
}

/**
 * The estimated warm milliseconds of one of the pooled views' jobs, from its spec: the training it
 * runs (epochs × steps × step cost). A kind it does not know is 0 (such jobs never make the pool pay).
 */
export function jobMs(spec: JobSpec, csvRows: (ref: string) => number | undefined = () => undefined): number {
  const c = spec.config as Cfg;
  switch (spec.kind) {
    case 'cv/fold': {
      const t = c['candidate'] as Cfg | undefined;
      const split = c['split'] as Cfg | undefined;
      if (!t || !split) return 0; // a searchCV learner: nothing to estimate from
      const folds = num(split['folds'], 5);
      const rows = dataRows(c['data'] as Cfg, t, csvRows) * (1 - num(split['testSplit'], 0)) * ((folds - 1) / folds);
      return trainMs({ epochs: num(t['epochs'], 1), rows, batch: batchOf(t['batchSize'], rows), layers: layersOf(t['model']) });
    }
    case 'ensemble/bagging-member': {
      const t = c['train'] as Cfg;
      const rows = dataRows(c['data'] as Cfg, t, csvRows) * (1 - num(t['testSplit'], 0) - num(t['valSplit'], 0));
      return c['learner'] === 'stump' ? 0 : trainMs({ epochs: num(t['epochs'], 1), rows, batch: batchOf(t['batchSize'], rows), layers: layersOf(t['model']) });
    }
    case 'bias-variance/disagreement-member': {
      const d = c['disagreement'] as Cfg;
      const w = num(d['width'], 8);
      return trainMs({ epochs: num(d['epochs'], 1), rows: num(d['samples'], 200), batch: num(d['batchSize'], 32), layers: [2, w, w, 2] });
    }
    default:
      return 0;
  }
}

export interface LanePlanInput {
  /** Each job's estimated warm milliseconds (jobMs). */
  jobMs: readonly number[];
  /** The header's Workers setting: 'auto', or the lanes the user asked for. */
  requested: number | 'auto';
  /** Logical cores of the machine (navigator.hardwareConcurrency). */
  cores: number;
  /** Pool workers that exist and are warm (WARM_MS of jobs done). */
  warmWorkers: number;
}

export interface LanePlan {
  /** 1 = every job in the training worker; n = the training worker and n − 1 pool workers. */
  lanes: number;
  /** The training worker re-runs jobs still out on slow pool workers when it runs out of work (the first result wins: same bits). */
  steal: boolean;
  /** Why: the user asked; too little work; the pool pays; one job; one core. */
  reason: 'asked' | 'small' | 'pays' | 'one-job' | 'one-core';
  /** Estimated warm milliseconds of all jobs on one lane. */
  workMs: number;
}

/**
 * Predicted wall time on `lanes` lanes: all the work, plus START_MS for each pool worker that is not
 * warm yet and ROUND_TRIP_MS per job once any job leaves the training worker, shared by the lanes.
 */
export function predictMs(workMs: number, jobs: number, lanes: number, warmWorkers: number): number {
  if (lanes <= 1) return workMs;
  const cold = Math.max(0, lanes - 1 - warmWorkers);
  return (workMs + cold * START_MS + jobs * ROUND_TRIP_MS) / lanes;
}

/**
 * The lanes of a run. Asked for n: n (at most one per job). Auto: the lane count (up to the cores,
 * POOL_CAP and the jobs) with the least predicted time, if that is at most PAYS_BELOW of one lane's;
 * else one lane — the pool is never used where it is predicted not to pay.
 */
export function planLanes(i: LanePlanInput): LanePlan {
  const jobs = i.jobMs.length;
  const workMs = i.jobMs.reduce((a, b) => a + b, 0);
  if (i.requested !== 'auto') return { lanes: Math.max(1, Math.min(i.requested, jobs)), steal: false, reason: 'asked', workMs };
  if (jobs <= 1) return { lanes: 1, steal: true, reason: 'one-job', workMs };
  const max = Math.min(Math.max(1, Math.floor(i.cores) || 1), POOL_CAP, jobs);
  if (max <= 1) return { lanes: 1, steal: true, reason: 'one-core', workMs };
  let best = 1;
  for (let l = 2; l <= max; l++) if (predictMs(workMs, jobs, l, i.warmWorkers) < predictMs(workMs, jobs, best, i.warmWorkers)) best = l;
  if (best === 1 || predictMs(workMs, jobs, best, i.warmWorkers) > PAYS_BELOW * workMs) return { lanes: 1, steal: true, reason: 'small', workMs };
  return { lanes: best, steal: true, reason: 'pays', workMs };
}
