// The bias–variance view's run: @descent/train's runBiasVariance — the very function
// `descent experiment bias-variance --samples … --degree …` runs, so the copied command prints
// the view's numbers bit for bit — turned into what the view draws (curves, heatmaps, points).
// Its 2-D part's bagged MLPs can run as job specs on any runner (the worker pool):
// runBiasVarianceOn gives runBiasVariance's bits.
import {
  biasVarianceSettings,
  runBiasVariance as runEngine,
  runBiasVarianceOn as runEngineOn,
  runJobs,
  type BiasVarianceRun,
  type BiasVarianceSettings,
  type DisagreementMember,
  type JobRunner,
  type RunOptions,
} from '@descent/train';
import type { BiasVarianceConfig } from '../config.js';
import type { FitCurve, Heatmap, Points } from '../protocol.js';
import { biasVarianceViewArgs } from '../view-configs.js';
import { heatmapOf } from './heatmap-grid.js';

/** The engine's settings for the view's config (the 2-D part derived from the sliders). */
export function viewSettings(c: BiasVarianceConfig): BiasVarianceSettings {
  return biasVarianceSettings(biasVarianceViewArgs(c));
}

/** The view's run (what the worker posts as 'bias-variance-result'). */
export function runBiasVariance(c: BiasVarianceConfig) {
  return viewOf(runEngine(viewSettings(c)));
}

/** runBiasVariance with the 2-D part's bagged MLPs as `bias-variance/disagreement-member` specs on `runner`; `options.onDone` hears each finished job, `options.signal` cancels. */
export async function runBiasVarianceOn(c: BiasVarianceConfig, runner: JobRunner, options: Omit<RunOptions, 'blobs'> = {}) {
  return viewOf(await runEngineOn(viewSettings(c), async (specs) => (await runJobs<DisagreementMember>(specs, runner, options)).map((r) => r.value)));
}

/** What the view draws from the engine's run: curves, heatmaps, points. */
function viewOf(r: BiasVarianceRun): {
  truth: FitCurve;
  data: FitCurve;
  fits: FitCurve[];
  mean: FitCurve;
  terms: { bias2: number; variance: number; noise: number; total: number };
  curve: { degree: number; bias2: number; variance: number; noise: number; total: number }[];
  disagreement: Heatmap | null;
  boundary: Heatmap | null;
  points: Points | null;
} {
  const d = r.disagreement;
  let plane: { disagreement: Heatmap; boundary: Heatmap; points: Points } | null = null;
  if (d) {
    // disagreement painted relative to its largest value on the plane
    const vmax = d.maxVariance;
    const n = d.res * d.res;
    const p = new Float32Array(n);
    for (let i = 0; i < n; i++) p[i] = vmax > 0 ? d.variance[i]! / vmax : 0;
    plane = {
      disagreement: { res: d.res, bounds: d.bounds, p, label: new Int32Array(n) },
      boundary: heatmapOf(d.mean, 2, d.res, d.bounds),
      points: { x: Float32Array.from(d.points.x), y: Int32Array.from(d.points.y), split: new Uint8Array(d.points.y.length), classes: 2 },
    };
  }
  return {
    truth: { x: r.x, y: r.truth },
    data: r.data,
    fits: r.fits.map((y) => ({ x: r.x, y })),
    mean: { x: r.x, y: r.mean },
    terms: r.terms,
    curve: r.curve,
    disagreement: plane?.disagreement ?? null,
    boundary: plane?.boundary ?? null,
    points: plane?.points ?? null,
  };
}
