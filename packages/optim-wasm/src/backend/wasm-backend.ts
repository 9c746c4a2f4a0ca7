import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend } from './backend.js';
import { clipKernels } from '../kernels/clip.js';
import { matmulKernels } from '../kernels/matmul.js';
import { movementKernels } from '../kernels/movement.js';
import { convKernels } from '../kernels/conv.js';
import { storageKernels } from '../kernels/storage.js';
import { elementwiseKernels } from '../kernels/elementwise.js';
import { reduceKernels } from '../kernels/reduce.js';
import { softmaxKernels } from '../kernels/softmax.js';

/** The WASM backend over a loaded core: each kernel area contributes its methods (the contract is `Backend`; BACKEND_METHODS lists them all). */
export function createWasmBackend(core: Core): Backend<F32Buffer> {
  const parts: object[] = [clipKernels(core), matmulKernels(core), movementKernels(core), convKernels(core), storageKernels(core), elementwiseKernels(core), reduceKernels(core), softmaxKernels(core)];
  void core;
  return Object.assign({ name: 'wasm', dtype: 'float32' }, ...parts) as Backend<F32Buffer>;
}
