// `descent experiment bias-variance --samples … --degree …`: the playground's bias–variance view
// from the terminal. The engine is @descent/train's runBiasVariance, the very function the
// playground's worker runs, so every fit, term, U-curve row and disagreement cell matches it bit
// for bit (--json prints them all).
import { BIAS_VARIANCE_DEFAULTS, biasVarianceSettings, runBiasVarianceOn, type BiasVarianceRun, type BiasVarianceSettings, type DisagreementMember } from '@descent/train';
import { fanoutValues, type FanoutFlags } from '../fanout/runner.js';
import { numberFlag } from '../config/options.js';
import { usageError } from '../errors.js';
import type { CollectedArtifacts } from './context.js';
import type { ExperimentResult, Figure } from '../report/results.js';
import type { Series } from '../report/svg.js';

/** The view's flags as commander hands them over (strings; `disagreement` false for --no-disagreement). */
export interface BiasVarianceFlags {
  samples?: string;
  noise?: string;
  fits?: string;
  degree?: string;
  maxDegree?: string;
  members?: string;
  width?: string;
  disagreement?: boolean;
}

/** The view-only flags, as typed on the command line (any of them selects the view's run). */
export const BIAS_VARIANCE_FLAGS = ['samples', 'noise', 'fits', 'degree', 'max-degree', 'members', 'width', 'no-disagreement'] as const;

const key = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof BiasVarianceFlags;

/** The first view flag given, or undefined. */
export function givenBiasVarianceFlag(f: BiasVarianceFlags): string | undefined {
  return BIAS_VARIANCE_FLAGS.find((flag) => (flag === 'no-disagreement' ? f.disagreement === false : f[key(flag)] !== undefined));
}

/** Settings from the flags: missing ones take the view's defaults; the 2-D part is derived like the view's unless --members / --width / --no-disagreement. */
export function biasVarianceViewSettings(f: BiasVarianceFlags, seed: number): BiasVarianceSettings {
  const D = BIAS_VARIANCE_DEFAULTS;
  const over: { members?: number; width?: number } = {};
  if (f.members !== undefined) over.members = numberFlag('members', f.members, NaN);
  if (f.width !== undefined) over.width = numberFlag('width', f.width, NaN);
  if (f.disagreement === false && (f.members !== undefined || f.width !== undefined)) throw usageError('--no-disagreement: drop --members and --width (they set the 2-D part it skips)');
  return biasVarianceSettings({
    samples: numberFlag('samples', f.samples, D.samples),
    noise: numberFlag('noise', f.noise, D.noise),
    fits: numberFlag('fits', f.fits, D.fits),
    degree: numberFlag('degree', f.degree, D.degree),
    maxDegree: numberFlag('max-degree', f.maxDegree, D.maxDegree),
    seed,
    disagreement: f.disagreement === false ? null : over,
  });
}

/** The variance over the plane as a contour grid (row 0 of the run is the top; the figure's ys ascend). */
function planeFigure(d: NonNullable<BiasVarianceRun['disagreement']>, members: number): Figure {
  const [x0, x1, y0, y1] = d.bounds;
  const n = d.res;
  const xs = Array.from({ length: n }, (_, c) => x0 + ((c + 0.5) / n) * (x1 - x0));
  const ys = Array.from({ length: n }, (_, j) => y0 + ((j + 0.5) / n) * (y1 - y0));
  const values: number[] = [];
  for (let j = 0; j < n; j++) for (let c = 0; c < n; c++) values.push(d.variance[(n - 1 - j) * n + c]!);
  return { type: 'contour', title: `Disagreement of ${members} bagged MLPs (variance of member p)`, grid: { xs, ys, values }, paths: [] };
}

/**
 * One run of the view. Rows: the U-curve (one per degree); --json adds `terms` (at --degree),
 * `settings`, the grid `x`, `truth`, the sample `data`, every fit and its `coefficients`, their
 * `mean`, the `curve` and the 2-D `disagreement` (plane, points, per-cell variance and mean
 * probabilities, summary; the members' epochs and weights go to metrics.jsonl and checkpoint/).
 */
export async function biasVarianceViewExperiment(s: BiasVarianceSettings, fanout: FanoutFlags): Promise<{ result: ExperimentResult; artifacts: CollectedArtifacts }> {
  // the 2-D part's bagged MLPs are jobs on the runner of --workers / --queue
  const r = await runBiasVarianceOn(s, (specs) => fanoutValues<DisagreementMember>(specs, fanout));
  const best = r.curve.reduce((a, b) => (b.total < a.total ? b : a));
  const degrees = r.curve.map((c) => c.degree);
  const fitSeries: Series[] = r.fits.slice(0, 10).map((y, k) => ({ name: `fit ${k + 1}`, x: r.x, y, dashed: true }));
  const figures: Figure[] = [
    {
      type: 'line',
      title: `${s.fits} bootstrap fits of degree ${s.degree} (${Math.min(10, s.fits)} drawn), their mean and sin x`,
      xLabel: 'x',
      yLabel: 'y',
      series: [...fitSeries, { name: 'mean of the fits', x: r.x, y: r.mean }, { name: 'sin x', x: r.x, y: r.truth }],
    },
    { type: 'bar', title: `Degree ${s.degree}: bias², variance, noise σ² and expected error`, yLabel: 'squared error', bars: [
      { label: 'bias²', value: r.terms.bias2 },
      { label: 'variance', value: r.terms.variance },
      { label: 'noise', value: r.terms.noise },
      { label: 'total', value: r.terms.total },
    ] },
    { type: 'line', title: 'The U-curve over polynomial degree', xLabel: 'degree', yLabel: 'squared error', logY: true, markers: true, series: [
      { name: 'bias²', x: degrees, y: r.curve.map((c) => c.bias2) },
      { name: 'variance', x: degrees, y: r.curve.map((c) => c.variance) },
      { name: 'noise σ²', x: degrees, y: r.curve.map((c) => c.noise), dashed: true },
      { name: 'expected error', x: degrees, y: r.curve.map((c) => c.total) },
    ] },
  ];
  const d = r.disagreement;
  if (d && s.disagreement) figures.push(planeFigure(d, s.disagreement.members));
  const notes = [
    `The playground's bias–variance view: noisy sine (n = ${s.samples}, σ = ${s.noise}, seed ${s.seed}); ${s.fits} bootstrap resamples, a least-squares polynomial on each, evaluated on 80 points of [−π, π]. At degree ${s.degree}: bias² ${r.terms.bias2.toPrecision(4)}, variance ${r.terms.variance.toPrecision(4)}, noise ${r.terms.noise.toPrecision(4)}; lowest expected error at degree ${best.degree}.`,
  ];
  if (d && s.disagreement) {
    const c = s.disagreement;
    notes.push(`2-D part: ${c.members} MLPs 2-${c.width}-${c.width}-2 (Adam lr ${c.lr}, ${c.epochs} epochs, batch ${c.batchSize}) bagged on ${c.samples} moons (noise ${c.noise}); member-probability variance over a ${c.res}×${c.res} grid: mean ${d.meanVariance.toPrecision(4)}, max ${d.maxVariance.toPrecision(4)}; averaged ensemble's training accuracy ${(d.trainAccuracy * 100).toFixed(1)}%.`);
  }
  const result: ExperimentResult = {
    experiment: 'bias-variance',
    title: "Experiment: bias–variance by the bootstrap (the playground's view)",
    results: r.curve.map((c) => ({ ...c })),
    figures,
    notes,
    extra: { terms: r.terms },
    data: { settings: r.settings, x: r.x, truth: r.truth, data: r.data, fits: r.fits, coefficients: r.coefficients, mean: r.mean, curve: r.curve, disagreement: d && { ...d, members: undefined } },
  };
  return { result, artifacts: viewArtifacts(r) };
}

/**
 * metrics.jsonl: the U-curve (one row per degree; closed-form fits have no epochs) and every
 * bagged member's epochs; checkpoint/: the K polynomials (coefficients exact in meta, f32 tensors)
 * and each member's weights.
 */
function viewArtifacts(r: BiasVarianceRun): CollectedArtifacts {
  const s = r.settings;
  const tag = { experiment: 'bias-variance', seed: s.seed };
  const metrics: Record<string, unknown>[] = r.curve.map((c) => ({ ...tag, phase: 'u-curve', fits: s.fits, ...c }));
  const k = r.coefficients.length;
  const checkpoints: CollectedArtifacts['checkpoints'] = [
    {
      name: 'bias-variance-fits',
      content: {
        meta: { ...tag, degree: s.degree, range: [-Math.PI, Math.PI], basis: 'c_k t^k with t = x / π', coefficients: r.coefficients },
        tensors: [
          { name: 'coefficients', shape: [k, s.degree + 1], data: Float32Array.from(r.coefficients.flat()) },
          { name: 'grid', shape: [r.x.length], data: Float32Array.from(r.x) },
          { name: 'fits', shape: [k, r.x.length], data: Float32Array.from(r.fits.flat()) },
        ],
      },
    },
  ];
  const c = s.disagreement;
  r.disagreement?.members.forEach((m, b) => {
    const mt = { ...tag, phase: 'disagreement', member: b + 1 };
    for (const h of m.history) metrics.push({ ...mt, ...h, epoch: h.epoch + 1 });
    checkpoints.push({ name: `bias-variance-member-${b + 1}`, content: { meta: { ...mt, model: `mlp 2-${c!.width}-${c!.width}-2`, disagreement: c }, tensors: m.tensors } });
  });
  return { metrics, checkpoints };
}
