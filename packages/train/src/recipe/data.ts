import { Rng } from '@descent/optim-wasm';
import { loadBreastCancer, loadDigits, loadIris, loadWine, penguinsCsv } from '../data/bundled-node.js';
import { csvDataset, tableDefaults, type TableSpec } from './csv-data.js';
import type { Dataset } from '../data/dataset.js';
import { noisySine } from '../data/regression.js';
import { blobs, circles, moons, spirals, xor } from '../data/synthetic.js';
import { holdoutSplit } from '../selection/holdout.js';
import { standardize } from '../data/standardize.js';
import { subset } from '../data/loader.js';
import { configError, withContext, field } from './errors.js';

/** The data fields of a run config (generators draw from the seed's 'dataset' stream). */
export interface DataSpec extends Partial<TableSpec> {
  dataset: string | null;
  samples: number;
  noise: number;
  seed: number;
}

/**
 * The dataset of a run by name: bundled (digits, breast-cancer, wine, iris, penguins: Node only,
 * read at call time; penguins is read as a user's CSV, see csvDataset) or generated (moons, circles, spirals, xor, blobs, sine) from Rng(seed).fork('dataset').
 */
export function namedDataset(spec: DataSpec): Dataset {
  const rng = new Rng(spec.seed).fork('dataset');
  const o = { n: spec.samples, noise: spec.noise, rng };
  return withContext(`${field('dataset')} ${spec.dataset}`, () => {
    switch (spec.dataset) {
      case 'digits':
        return loadDigits();
      case 'breast-cancer':
        return loadBreastCancer();
      case 'wine':
        return loadWine();
      case 'iris':
        return loadIris();
      case 'penguins':
        return csvDataset(penguinsCsv(), 'penguins', { ...tableDefaults(spec), label: 'species', missing: spec.missing === 'error' || !spec.missing ? 'drop-rows' : spec.missing });
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
        throw configError(`unknown dataset '${spec.dataset}'`);
    }
  });
}

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

const part = (d: Dataset): Split => ({ x: d.x, y: d.y, n: d.n });

/**
 * Split (stratified for classification) into train / validation / test with Rng(seed).fork('split'),
 * then standardise every feature with the training rows' mean and std (see prepareRows).
 */
export function prepare(d: Dataset, valSplit: number, testSplit: number, seed: number): Prepared {
  const classification = d.task === 'classification';
  if (classification) {
    const labels = new Set(d.y);
    if (labels.size < 2) throw configError(`dataset '${d.name}' has only one class (${[...labels].join(', ')}): a classifier needs at least two`);
  }
  const split = runSplit(d.n, classification ? d.y : undefined, valSplit, testSplit, seed);
  return prepareRows(d, split.train, split.val, split.test);
}

/** The train / validation / test rows of a run: holdoutSplit (stratified by `stratify`) with Rng(seed).fork('split'). */
export function runSplit(n: number, stratify: ArrayLike<number> | undefined, valSplit: number, testSplit: number, seed: number) {
  return withContext('split', () => holdoutSplit(n, { val: valSplit, test: testSplit, stratify, rng: new Rng(seed).fork('split') }));
}

/**
 * Train / validation / test rows of `d` given by index, scaled on the training rows: tabular
 * features each by (x − μⱼ)/σⱼ, images by one (x − μ)/σ over every pixel (see scaleImages).
 */
export function prepareRows(d: Dataset, train: Int32Array, val: Int32Array, test: Int32Array): Prepared {
  const classification = d.task === 'classification';
  const image = !!d.shape && d.shape.length === 3;
  const all = image ? scaleImages(d, train) : standardize(d, d.features, train).apply(d);
  return {
    name: d.name,
    task: classification ? 'classification' : 'regression',
    classes: classification ? (d.classes ?? 2) : 1,
    features: d.features,
    shape: image ? [...d.shape!] : null,
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
