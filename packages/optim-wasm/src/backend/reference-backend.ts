import type { Backend } from './backend.js';
import { clipReference } from '../reference/clip.js';
import { matmulReference } from '../reference/matmul.js';
import { movementReference } from '../reference/movement.js';
import { convReference } from '../reference/conv.js';
import { storageReference } from '../reference/storage.js';
import { elementwiseReference } from '../reference/elementwise.js';
import { reduceReference } from '../reference/reduce.js';
import { softmaxReference } from '../reference/softmax.js';

/** The f64 reference backend: the plain-JS twin of every kernel (src/reference/*), the oracle of the WASM one. */
export function createReferenceBackend(): Backend<Float64Array> {
  const parts: object[] = [clipReference(), matmulReference(), movementReference(), convReference(), storageReference(), elementwiseReference(), reduceReference(), softmaxReference()];
  return Object.assign({ name: 'reference', dtype: 'float64' }, ...parts) as Backend<Float64Array>;
}
