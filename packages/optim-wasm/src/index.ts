export { DescentError } from './errors.js';
export { Core, type CoreVariant } from './core/core.js';
export { F32Buffer } from './core/buffer.js';
export type { CoreExports } from './core/exports.js';
export {
  loadCore,
  loadCoreSync,
  init,
  getCore,
  setDefaultCore,
  simdSupported,
  relaxedSimdSupported,
  resolveVariant,
  type LoadOptions,
  type VariantChoice,
} from './core/loader.js';
export type {
  Backend,
  Shape,
  UnaryOp,
  UnaryParams,
  BinaryOp,
  CompareOp,
  ReduceOp,
  MatmulParams,
  Conv2dGeometry,
} from './backend/backend.js';
export { createWasmBackend } from './backend/wasm-backend.js';
export { createReferenceBackend } from './backend/reference-backend.js';
