// The typed message protocol between the UI (main thread) and the training worker. Both sides
// switch on `type`; the compiler checks every case. Only plain data crosses (structured clone).
import type { JobSpec } from '@descent/train';
import type { BiasVarianceConfig, ClassifierConfig, CvConfig, EnsembleConfig, RaceConfig, RacerName, SharpnessConfig } from './config.js';

/** A CSV file the user dropped: its name (the run's `--data`) and its text. */
export interface CsvFile {
  name: string;
  text: string;
}

export type Job =
  | { kind: 'race'; config: RaceConfig }
  | { kind: 'classifier'; config: ClassifierConfig; csv: CsvFile | null }
  | { kind: 'sharpness'; config: SharpnessConfig }
  /** The pooled views: their job specs on `workers` lanes (the training worker and pool workers; 1 = all in the training worker; 'auto': as many as pay). */
  | { kind: 'bias-variance'; config: BiasVarianceConfig; workers: Workers }
  | { kind: 'ensembles'; config: EnsembleConfig; csv: CsvFile | null; workers: Workers }
  | { kind: 'cv'; config: CvConfig; csv: CsvFile | null; workers: Workers }
  /** Job specs of @descent/train run on `workers` lanes (0 or 1 = serially in the training worker). */
  | { kind: 'jobs'; specs: JobSpec[]; workers: Workers };

/** The Workers setting: a lane count, or 'auto' (lane-plan.ts picks from the work). */
export type Workers = number | 'auto';

/** Main thread → worker. `init` comes first (how to load the core); a new `start` cancels whatever ran before; `runId` tags every reply. */
export type ToWorker =
  | { type: 'init'; threads: number; fast: boolean }
  | { type: 'start'; runId: number; job: Job }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'stop'; runId: number };

export interface RacerFrame {
  name: RacerName;
  /** Positions since the previous frame, interleaved x, y. */
  path: number[];
  /** Loss after each of those steps. */
  loss: number[];
  diverged: number | null;
}

/** Points of a 2-D dataset in the (standardised) plane, with their labels and split. */
export interface Points {
  x: Float32Array;
  y: Int32Array;
  /** 0 train, 1 validation, 2 test. */
  split: Uint8Array;
  classes: number;
}

/** A class-probability map over a res×res grid of `bounds` = [x0, x1, y0, y1] (row 0 = y1). */
export interface Heatmap {
  res: number;
  bounds: [number, number, number, number];
  /** Probability of class 1 (two classes) or the winning class index + confidence. */
  p: Float32Array;
  label: Int32Array;
}

export interface ClassifierEpoch {
  epoch: number;
  trainLoss: number;
  valLoss: number | null;
  trainAcc: number;
  valAcc: number | null;
}

/** Where a pooled view's jobs ran: 'serial' (all in the training worker) or 'browser-pool-N' (it and N − 1 pool workers), and how many of them returned values. */
export interface PoolUse {
  runner: string;
  jobs: number;
  workersUsed: number;
  /** The lanes planned (lane-plan.ts) and why: 'asked', 'small', 'pays', 'one-job', 'one-core'. */
  lanes: number;
  reason: string;
  /** The jobs' estimated warm time on one lane, ms. */
  workMs: number;
}

export interface FitCurve {
  x: number[];
  y: number[];
}

/** Worker → main thread. */
export type FromWorker =
  | { type: 'ready'; variant: string; threads: number }
  | { type: 'race-frame'; runId: number; step: number; racers: RacerFrame[] }
  | {
      type: 'classifier-frame';
      runId: number;
      step: number;
      epoch: number;
      stepLosses: number[];
      epochs: ClassifierEpoch[];
      heatmap: Heatmap | null;
      points: Points | null;
      bestEpoch: number | null;
      stoppedEarly: boolean;
      test: { loss: number; acc: number } | null;
    }
  | {
      type: 'sharpness-result';
      runId: number;
      /** One row per batch size, as `descent experiment batch-size --batch-sizes …` prints them. */
      runs: { batch: number; full: boolean; epochs: number; steps: number; reachedTarget: boolean; trainLoss: number; testLoss: number; trainAcc: number; testAcc: number; sharpness: number; lambdaMax: number }[];
      line: { alpha: number[]; train: number[]; test: number[] };
      note: string | null;
    }
  | {
      type: 'bias-variance-result';
      runId: number;
      pool: PoolUse;
      truth: FitCurve;
      data: FitCurve;
      fits: FitCurve[];
      mean: FitCurve;
      terms: { bias2: number; variance: number; noise: number; total: number };
      curve: { degree: number; bias2: number; variance: number; noise: number; total: number }[];
      disagreement: Heatmap | null;
      boundary: Heatmap | null;
      points: Points | null;
    }
  | {
      type: 'ensembles-result';
      runId: number;
      pool: PoolUse;
      points: Points;
      /** The vote of all members and each member alone on the test rows (`descent ensemble bag`'s last row). */
      bagging: { heatmap: Heatmap; accuracy: number; memberAccuracy: number[] };
      /** AdaBoost round by round (`descent ensemble boost --learner stump`): sample weights over the training rows. */
      boosting: { round: number; alpha: number; error: number; weights: number[]; heatmap: Heatmap; accuracy: number }[];
    }
  | {
      type: 'cv-result';
      runId: number;
      pool: PoolUse;
      n: number;
      /** Rows per fold (training, held out); foldOf: the fold of each searched row. */
      folds: { train: number; val: number }[];
      foldOf: Int32Array;
      scores: { candidate: number; perFold: number[]; mean: number; std: number }[];
      chosen: number;
      refitTrainLoss: number;
      refitEpochs: number;
      test: { loss: number; acc: number };
    }
  | { type: 'jobs-result'; runId: number; runner: string; values: unknown[] }
  /** A pooled view's jobs: `done` of `total` finished (counted across all workers). */
  | { type: 'jobs-progress'; runId: number; done: number; total: number }
  | { type: 'done'; runId: number; steps: number }
  | { type: 'error'; runId: number; message: string };

export type { RacerName };
