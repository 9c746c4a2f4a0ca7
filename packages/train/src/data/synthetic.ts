import { DescentError, portableCos, portableSin } from '@descent/optim-wasm';
import { checkInt, checkNumber } from './check.js';
import type { Dataset } from './dataset.js';
import { resolveRng, type RandomSource, type RngOrSeed } from './random.js';

/** Common options: `n` points, Gaussian noise of std `noise`, an Rng or seed, shuffled rows. */
export interface SyntheticOptions {
  n: number;
  noise?: number;
  rng: RngOrSeed;
  /** Shuffle the rows (default true, as scikit-learn); otherwise they come class by class. */
  shuffle?: boolean;
}

/** linspace(start, stop, m) as numpy (endpoint included; m = 1 gives [start]). */
function linspace(start: number, stop: number, m: number, endpoint = true): number[] {
  const div = endpoint ? m - 1 : m;
  return Array.from({ length: m }, (_, i) => (div > 0 ? start + ((stop - start) * i) / div : start));
}

/** Split n as scikit-learn does: every part gets n // k, the first n % k one more. */
export function evenCounts(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/** Add noise, shuffle (one permutation drawn after the noise), pack into a Dataset. */
function finish(
  name: string,
  points: number[][],
  labels: number[],
  classes: number,
  rng: RandomSource,
  noise: number,
  shuffle: boolean,
): Dataset {
  const n = points.length;
  const features = n > 0 ? points[0]!.length : 2;
  const x = new Float32Array(n * features);
  for (let i = 0; i < n; i++) for (let j = 0; j < features; j++) x[i * features + j] = points[i]![j]! + (noise > 0 ? noise * rng.normal() : 0);
  const y = Int32Array.from(labels);
  if (!shuffle) return { name, x, y, n, features, task: 'classification', classes };
  const perm = rng.permutation(n);
  const xs = new Float32Array(n * features);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    xs.set(x.subarray(perm[i]! * features, (perm[i]! + 1) * features), i * features);
    ys[i] = y[perm[i]!]!;
  }
  return { name, x: xs, y: ys, n, features, task: 'classification', classes };
}

function common(op: string, o: SyntheticOptions) {
  const n = checkInt(op, 'n', o.n, 2);
  const noise = checkNumber(op, 'noise', o.noise ?? 0, 0);
  return { n, noise, rng: resolveRng(o.rng, op), shuffle: o.shuffle ?? true };
}

/**
 * Two interleaving half circles (scikit-learn make_moons): class 0 is (cos t, sin t), class 1 is
 * (1 - cos t, 0.5 - sin t), t over linspace(0, π); n // 2 points in class 0, the rest in class 1.
 */
export function moons(o: SyntheticOptions): Dataset {
  const { n, noise, rng, shuffle } = common('moons', o);
  const nOut = Math.floor(n / 2);
  const pts = [
    ...linspace(0, Math.PI, nOut).map((t) => [portableCos(t), portableSin(t)]),
    ...linspace(0, Math.PI, n - nOut).map((t) => [1 - portableCos(t), 1 - portableSin(t) - 0.5]),
  ];
  const labels = pts.map((_, i) => (i < nOut ? 0 : 1));
  return finish('moons', pts, labels, 2, rng, noise, shuffle);
}

/**
 * A circle inside a circle (scikit-learn make_circles): class 0 on the unit circle, class 1 on
 * the circle of radius `factor` (default 0.8), angles linspace(0, 2π) without the endpoint.
 */
export function circles(o: SyntheticOptions & { factor?: number }): Dataset {
  const { n, noise, rng, shuffle } = common('circles', o);
  const factor = checkNumber('circles', 'factor', o.factor ?? 0.8, 0);
  if (factor >= 1) throw new DescentError('bad-arg', `circles: 'factor' must be in [0, 1), got ${factor}`);
  const nOut = Math.floor(n / 2);
  const pts = [
    ...linspace(0, 2 * Math.PI, nOut, false).map((t) => [portableCos(t), portableSin(t)]),
    ...linspace(0, 2 * Math.PI, n - nOut, false).map((t) => [factor * portableCos(t), factor * portableSin(t)]),
  ];
  const labels = pts.map((_, i) => (i < nOut ? 0 : 1));
  return finish('circles', pts, labels, 2, rng, noise, shuffle);
}

/**
 * Interleaved spiral arms, one per class: point i of m in class c has radius
 * r = 0.1 + 0.9·i/(m-1) and angle θ = 2π·turns·r + 2πc/classes; (r cos θ, r sin θ) + noise.
 * Defaults: classes 2, turns 1. Class sizes follow evenCounts(n, classes).
 */
export function spirals(o: SyntheticOptions & { turns?: number; classes?: number }): Dataset {
  const { n, noise, rng, shuffle } = common('spirals', o);
  const classes = checkInt('spirals', 'classes', o.classes ?? 2, 2, n);
  const turns = checkNumber('spirals', 'turns', o.turns ?? 1, 0);
  const pts: number[][] = [];
  const labels: number[] = [];
  evenCounts(n, classes).forEach((m, c) => {
    for (const r of linspace(0.1, 1, m)) {
      const theta = 2 * Math.PI * turns * r + (2 * Math.PI * c) / classes;
      pts.push([r * portableCos(theta), r * portableSin(theta)]);
      labels.push(c);
    }
  });
  return finish('spirals', pts, labels, classes, rng, noise, shuffle);
}

/**
 * XOR quadrants: point i lies in quadrant i mod 4 with coordinates of magnitude uniform in
 * (0, 1]; class 0 where the signs agree (x·y > 0), class 1 where they differ. The label is
 * fixed before the noise is added; classes are balanced to within 1 (exact when 4 | n).
 */
export function xor(o: SyntheticOptions): Dataset {
  const { n, noise, rng, shuffle } = common('xor', o);
  const signs = [
    [1, 1],
    [-1, 1],
    [-1, -1],
    [1, -1],
  ];
  const pts: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [sx, sy] = signs[i % 4]!;
    pts.push([sx! * (1 - rng.uniform()), sy! * (1 - rng.uniform())]);
    labels.push(sx === sy ? 0 : 1);
  }
  return finish('xor', pts, labels, 2, rng, noise, shuffle);
}

/**
 * Options of `blobs` (scikit-learn's make_blobs): n, seed and the centres, their spread and
 * dimension.
 */
export interface BlobsOptions extends Omit<SyntheticOptions, 'noise'> {
  /** Number of centres (drawn uniformly in `centerBox`), or the centres themselves. Default 3. */
  centers?: number | number[][];
  /** Std of each blob (one number or one per centre). Default 1. */
  std?: number | number[];
  /** Dimension when centres are drawn (default 2). */
  features?: number;
  /** Box the random centres are drawn from (default [-10, 10], as scikit-learn). */
  centerBox?: [number, number];
}

/**
 * Isotropic Gaussian blobs (scikit-learn make_blobs): class c holds evenCounts(n, k)[c] points
 * center[c] + std[c]·N(0, I).
 */
export function blobs(o: BlobsOptions): Dataset {
  const op = 'blobs';
  const n = checkInt(op, 'n', o.n, 1);
  const rng = resolveRng(o.rng, op);
  const spec = o.centers ?? 3;
  let centers: number[][];
  if (typeof spec === 'number') {
    checkInt(op, 'centers', spec, 2);
    const features = checkInt(op, 'features', o.features ?? 2, 1);
    const [lo, hi] = o.centerBox ?? [-10, 10];
    checkNumber(op, 'centerBox[0]', lo);
    if (checkNumber(op, 'centerBox[1]', hi) < lo) throw new DescentError('bad-arg', `${op}: centerBox [${lo}, ${hi}] is empty`);
    centers = Array.from({ length: spec }, () => Array.from({ length: features }, () => lo + (hi - lo) * rng.uniform()));
  } else {
    if (spec.length === 0) throw new DescentError('bad-arg', `${op}: 'centers' is an empty list`);
    const f = spec[0]!.length;
    spec.forEach((c, i) => {
      if (c.length !== f || f === 0) throw new DescentError('bad-arg', `${op}: centers[${i}] has ${c.length} coordinates, centers[0] has ${f}`);
      c.forEach((v, j) => checkNumber(op, `centers[${i}][${j}]`, v));
    });
    if (o.features !== undefined && o.features !== f) throw new DescentError('bad-arg', `${op}: features = ${o.features} but the centres have ${f}`);
    centers = spec;
  }
  const k = centers.length;
  if (k < 2) throw new DescentError('bad-arg', `${op}: need at least 2 centres for a classification dataset, got ${k}`);
  const stds: number[] = Array.isArray(o.std) ? o.std : Array.from({ length: k }, () => (o.std as number | undefined) ?? 1);
  if (stds.length !== k) throw new DescentError('bad-arg', `${op}: ${stds.length} std values for ${k} centres`);
  stds.forEach((s, i) => checkNumber(op, `std[${i}]`, s, 0));
  const pts: number[][] = [];
  const labels: number[] = [];
  evenCounts(n, k).forEach((m, c) => {
    for (let i = 0; i < m; i++) {
      pts.push(centers[c]!.map((v) => v + stds[c]! * rng.normal()));
      labels.push(c);
    }
  });
  return finish('blobs', pts, labels, k, rng, 0, o.shuffle ?? true);
}
