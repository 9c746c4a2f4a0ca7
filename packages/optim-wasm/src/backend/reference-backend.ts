import type { Backend } from './backend.js';

// The f64 twin of every kernel, composed from src/reference/*. Areas are spread in as they land.
export function createReferenceBackend(): Backend<Float64Array> {
  const parts: object[] = [];
  return Object.assign({ name: 'reference', dtype: 'float64' }, ...parts) as Backend<Float64Array>;
}
