import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend } from './backend.js';

// Each kernel area contributes its methods; see backend.ts for the contract.
// Areas are spread in as they land (see BACKEND_METHODS in backend-methods.ts for the full list).
export function createWasmBackend(core: Core): Backend<F32Buffer> {
  const parts: object[] = [];
  void core;
  return Object.assign({ name: 'wasm', dtype: 'float32' }, ...parts) as Backend<F32Buffer>;
}
