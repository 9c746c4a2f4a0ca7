import { DescentError } from '@descent/optim-wasm';
import { readCsv } from './csv-read.js';
import type { Dataset } from './dataset.js';
import { parseCsv, type CsvDataset, type CsvOptions } from './csv.js';
import { BREAST_CANCER_FEATURES, DIGITS_FEATURES, IRIS_FEATURES, WINE_FEATURES } from './bundled-names.js';

/** Where the bundled data comes from (UCI ML Repository, CC BY 4.0; penguins CC0; see datasets/README.md). */
export const DATASET_CITATIONS: Record<'digits' | 'breastCancer' | 'wine' | 'iris' | 'penguins', string> = {
  digits: 'E. Alpaydin, C. Kaynak. Optical Recognition of Handwritten Digits. UCI ML Repository, 1998. CC BY 4.0.',
  breastCancer:
    'W. Wolberg, O. Mangasarian, N. Street, W. Street. Breast Cancer Wisconsin (Diagnostic). UCI ML Repository, 1995. CC BY 4.0.',
  wine: 'S. Aeberhard, M. Forina. Wine. UCI ML Repository, 1991. CC BY 4.0.',
  iris: 'R. A. Fisher. Iris. UCI ML Repository, 1936. CC BY 4.0.',
  penguins:
    'A. M. Horst, A. P. Hill, K. B. Gorman. palmerpenguins: Palmer Archipelago (Antarctica) penguin data, 2020. doi:10.5281/zenodo.3960218. CC0.',
};

type Text = string | Uint8Array;

function asText(op: string, input: Text): string {
  if (typeof input === 'string') return input;
  if (input.length >= 2 && input[0] === 0x1f && input[1] === 0x8b) {
    throw new DescentError('bad-dataset', `${op}: got gzip bytes; decompress first (DecompressionStream('gzip') in browsers, zlib in Node)`);
  }
  return new TextDecoder().decode(input);
}

/** Rows of `features` numbers then an integer label in [0, classes). */
function parseRows(op: string, text: string, skip: number, features: number, classes: number, n?: number) {
  const records = readCsv(text, ',', op).records.slice(skip);
  if (n !== undefined && records.length !== n) throw new DescentError('bad-dataset', `${op}: ${records.length} rows, the header says ${n}`);
  const x = new Float32Array(records.length * features);
  const y = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { line, cells } = records[i]!;
    if (cells.length !== features + 1) {
      throw new DescentError('bad-dataset', `${op}: line ${line}: ${cells.length} columns, expected ${features + 1}`);
    }
    for (let j = 0; j <= features; j++) {
      const v = Number(cells[j]);
      if (cells[j]!.trim() === '' || !Number.isFinite(v)) {
        throw new DescentError('bad-dataset', `${op}: line ${line}, column ${j + 1}: '${cells[j]}' is not a number`);
      }
      if (j < features) x[i * features + j] = v;
      else if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw new DescentError('bad-dataset', `${op}: line ${line}, column ${j + 1}: label ${v} is not a class in [0, ${classes})`);
      }
      else y[i] = v;
    }
  }
  return { x, y, n: records.length };
}

/** The bundled UCI files start with `count,features,className…`: read that, then the rows. */
function parseCounted(op: string, input: Text, name: string, featureNames: string[]): Dataset {
  const text = asText(op, input);
  const nl = text.indexOf('\n');
  const head = (nl < 0 ? text : text.slice(0, nl)).trim().split(',');
  const n = Number(head[0]);
  const features = Number(head[1]);
  const classNames = head.slice(2);
  if (!Number.isInteger(n) || features !== featureNames.length || classNames.length < 2) {
    throw new DescentError('bad-dataset', `${op}: line 1 should be 'count,${featureNames.length},className,...', got '${head.join(',')}'`);
  }
  const rows = parseRows(op, text, 1, features, classNames.length, n);
  return { name, ...rows, features, task: 'classification', classes: classNames.length, classNames, featureNames: [...featureNames] };
}

/**
 * Optical Recognition of Handwritten Digits (UCI test part, as scikit-learn's load_digits):
 * 1797 images of 8×8 pixel counts 0..16 (shape [1, 8, 8], not rescaled), labels 0..9.
 * `input` is the decompressed text of datasets/digits.csv.gz (65 integers a row, label last).
 */
export function parseDigits(input: Text): Dataset {
  const rows = parseRows('parseDigits', asText('parseDigits', input), 0, 64, 10);
  const classNames = Array.from({ length: 10 }, (_, i) => String(i));
  return {
    name: 'digits',
    ...rows,
    features: 64,
    shape: [1, 8, 8],
    task: 'classification',
    classes: 10,
    classNames,
    featureNames: [...DIGITS_FEATURES],
  };
}

/** Breast Cancer Wisconsin (Diagnostic): 569 × 30, classes malignant = 0, benign = 1. */
export function parseBreastCancer(input: Text): Dataset {
  return parseCounted('parseBreastCancer', input, 'breast_cancer', BREAST_CANCER_FEATURES);
}

/** Wine recognition: 178 × 13, three cultivars class_0..class_2. */
export function parseWine(input: Text): Dataset {
  return parseCounted('parseWine', input, 'wine', WINE_FEATURES);
}

/** Fisher's Iris: 150 × 4, classes setosa, versicolor, virginica. */
export function parseIris(input: Text): Dataset {
  return parseCounted('parseIris', input, 'iris', IRIS_FEATURES);
}

/**
 * Palmer penguins as a user's CSV: label `species` (Adelie, Chinstrap, Gentoo), the text columns
 * `island` and `sex` one-hot encoded, rows with NA cells dropped (333 of 344 remain) unless
 * `options` says otherwise. `input` is the text of datasets/penguins.csv.
 */
export function parsePenguins(input: Text, options: Partial<CsvOptions> = {}): CsvDataset {
  return parseCsv(asText('parsePenguins', input), { label: 'species', missing: 'drop-rows', name: 'penguins', ...options });
}
