import { DescentError } from '@descent/optim-wasm';
import type { Dataset } from './dataset.js';
import { parseBreastCancer, parseDigits, parseIris, parseWine } from './bundled.js';

interface NodeFs {
  readFileSync(p: URL): Uint8Array;
}
interface NodeZlib {
  gunzipSync(b: Uint8Array): Uint8Array;
}

// node:fs and node:zlib are looked up at call time, never imported, so that browser bundles of
// this package still load (browsers pass the bytes to parseDigits and friends instead).
function builtin<T>(name: string, op: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (m: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.(name) as T | undefined;
  if (!mod) throw new DescentError('load', `${op}: reading the bundled file needs Node 20.16+; in a browser pass its text to the parse function`);
  return mod;
}

// Paths are joined at call time, not written as `new URL('…', import.meta.url)` literals, so that
// bundlers do not copy the datasets into browser builds. Same depth from src/data, dist/data and
// dist/esm: ../../datasets is the package's datasets folder.
const here = import.meta.url;
function read(file: string, op: string): Uint8Array {
  return builtin<NodeFs>('node:fs', op).readFileSync(new URL(`../../datasets/${file}`, here));
}

/** The digits dataset from the bundled datasets/digits.csv.gz (1797 × 64, 10 classes). */
export function loadDigits(): Dataset {
  const gz = read('digits.csv.gz', 'loadDigits');
  return parseDigits(builtin<NodeZlib>('node:zlib', 'loadDigits').gunzipSync(gz));
}

/** Breast Cancer Wisconsin (Diagnostic) from datasets/breast_cancer.csv (569 × 30, 2 classes). */
export function loadBreastCancer(): Dataset {
  return parseBreastCancer(read('breast_cancer.csv', 'loadBreastCancer'));
}

/** Wine recognition from datasets/wine_data.csv (178 × 13, 3 classes). */
export function loadWine(): Dataset {
  return parseWine(read('wine_data.csv', 'loadWine'));
}

/** Fisher's Iris from datasets/iris.csv (150 × 4, 3 classes). */
export function loadIris(): Dataset {
  return parseIris(read('iris.csv', 'loadIris'));
}

/** The text of Palmer penguins, datasets/penguins.csv (344 rows with NA cells; parse it with parsePenguins). */
export function penguinsCsv(): string {
  return new TextDecoder().decode(read('penguins.csv', 'penguinsCsv'));
}
