import { readFileSync } from 'node:fs';
import { Rng } from '@descent/optim-wasm';
import {
  blobs,
  circles,
  holdoutSplit,
  loadBreastCancer,
  loadDigits,
  loadIris,
  loadWine,
  moons,
  noisySine,
  parseCsv,
  spirals,
  standardize,
  subset,
  xor,
  type Dataset,
} from '@descent/train';
import { asInputError, usageError } from '../errors.js';

/** Rows to fit or score: features row-major [n, features], labels or targets. */
export interface Split {
  x: Float32Array;
  y: Int32Array | Float32Array;
  n: number;
}

/** A dataset split for one run: scaled with statistics of the training rows only. */
export interface Prepared {
  name: string;
  task: 'classification' | 'regression';
  classes: number;
  features: number;
  /** Per-sample image shape [C, H, W] when rows are images (digits). */
  shape: number[] | null;
  train: Split;
  val: Split | null;
  test: Split | null;
  /** The full dataset before splitting (standardised with the training statistics). */
  all: Split;
  /** Row indices of each split in `all`. */
  indices: { train: Int32Array; val: Int32Array; test: Int32Array };
}

export interface DataSpec {
  dataset: string | null;
  data: string | null;
  label: string | null;
  samples: number;
  noise: number;
  seed: number;
}

/** Load the named dataset or the CSV (errors → exit 2, with line and column for CSVs). */
export function loadDataset(spec: DataSpec): Dataset {
  if (spec.data !== null) {
    let text: string;
    try {
      text = readFileSync(spec.data, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw usageError(code === 'ENOENT' ? `${spec.data}: no such file` : `${spec.data}: cannot read (${code ?? String(e)})`);
    }
    const label = /^-?\d+$/.test(spec.label ?? '') ? Number(spec.label) : (spec.label ?? -1);
    return asInputError(spec.data, () => parseCsv(text, { label, name: spec.data!.replace(/^.*[\\/]/, '') }));
  }
  const rng = new Rng(spec.seed).fork('dataset');
  const o = { n: spec.samples, noise: spec.noise, rng };
  return asInputError(`--dataset ${spec.dataset}`, () => {
    switch (spec.dataset) {
      case 'digits':
        return loadDigits();
      case 'breast-cancer':
        return loadBreastCancer();
      case 'wine':
        return loadWine();
      case 'iris':
        return loadIris();
      case 'moons':
        return moons(o);
      case 'circles':
        return circles(o);
      case 'spirals':
        return spirals(o);
      case 'xor':
        return xor(o);
      case 'blobs':
        return blobs({ n: spec.samples, rng });
      case 'sine':
        return noisySine({ n: spec.samples, noise: spec.noise, rng });
      default:
        throw usageError(`unknown dataset '${spec.dataset}'`);
    }
  });
}

const part = (d: Dataset): Split => ({ x: d.x, y: d.y, n: d.n });

/**
 * Split (stratified for classification) into train / validation / test with the run's seed,
 * then standardise every feature with the training rows' mean and std.
 */
export function prepare(d: Dataset, valSplit: number, testSplit: number, seed: number): Prepared {
  const classification = d.task === 'classification';
  const split = asInputError('split', () =>
    holdoutSplit(d.n, { val: valSplit, test: testSplit, stratify: classification ? d.y : undefined, rng: new Rng(seed).fork('split') }),
  );
  return prepareRows(d, split.train, split.val, split.test);
}

/** Train / validation / test rows of `d` given by index, standardised on the training rows. */
export function prepareRows(d: Dataset, train: Int32Array, val: Int32Array, test: Int32Array): Prepared {
  const classification = d.task === 'classification';
  const image = !!d.shape && d.shape.length === 3;
  const all = image ? scaleImages(d, train) : standardize(d, d.features, train).apply(d);
  return {
    name: d.name,
    task: classification ? 'classification' : 'regression',
    classes: classification ? (d.classes ?? 2) : 1,
    features: d.features,
    shape: d.shape && d.shape.length === 3 ? [...d.shape] : null,
    train: part(subset(all, train)),
    val: val.length ? part(subset(all, val)) : null,
    test: test.length ? part(subset(all, test)) : null,
    all: part(all),
    indices: { train, val, test },
  };
}

/**
 * Images are scaled with ONE mean and std over every pixel of the training rows, so a pixel keeps
 * its meaning when augmentation shifts it (per-pixel standardisation would not; on 150 rows it
 * also blows up near-constant border pixels).
 */
function scaleImages(d: Dataset, train: ArrayLike<number>): Dataset {
  const f = d.features;
  let sum = 0;
  for (let r = 0; r < train.length; r++) for (let j = 0, o = train[r]! * f; j < f; j++) sum += d.x[o + j]!;
  const count = train.length * f;
  const mean = sum / count;
  let sq = 0;
  for (let r = 0; r < train.length; r++) for (let j = 0, o = train[r]! * f; j < f; j++) sq += (d.x[o + j]! - mean) ** 2;
  const std = Math.sqrt(sq / count) || 1;
  return { ...d, x: d.x.map((v) => (v - mean) / std) };
}

/** Rows `idx` of a split. */
export function rows(s: Split, features: number, idx: ArrayLike<number>): Split {
  const x = new Float32Array(idx.length * features);
  const y = s.y instanceof Int32Array ? new Int32Array(idx.length) : new Float32Array(idx.length);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r]!;
    x.set(s.x.subarray(i * features, (i + 1) * features), r * features);
    y[r] = s.y[i]!;
  }
  return { x, y, n: idx.length };
}
