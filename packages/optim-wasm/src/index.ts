export { DescentError } from './errors.js';
export { Core, type CoreVariant } from './core/core.js';
export { F32Buffer } from './core/buffer.js';
export { KernelPool, threadsSupported } from './core/pool.js';
export type { CoreExports } from './core/exports.js';
export {
  loadCore,
  loadCoreSync,
  compileCoreModule,
  init,
  getCore,
  setDefaultCore,
  simdSupported,
  relaxedSimdSupported,
  resolveVariant,
  resolveThreads,
  availableThreads,
  MAX_THREADS,
  type LoadOptions,
  type ModuleSource,
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
  MatmulEpilogue,
  Conv2dGeometry,
} from './backend/backend.js';
export { createWasmBackend } from './backend/wasm-backend.js';
export { createReferenceBackend } from './backend/reference-backend.js';
export { Rng, philox4x32, type RngState, type FillTarget } from './rng/index.js';
export { portableCos, portableExp, portableLog, portableSin } from './math/portable.js';
export * from './schedules/index.js';
export * from './optim/index.js';
export { referenceOptimizer, torchStateOf, type RefOptimizerState, type RefRule, type RefState } from './reference/optim/index.js';
export { matmulKernels, matmulScratchLength } from './kernels/matmul.js';
export { movementKernels } from './kernels/movement.js';
export { convKernels } from './kernels/conv.js';
export { planConv, type ConvPlan } from './reference/conv.js';
export {
  formatShape,
  checkShape,
  checkLength,
  checkCount,
  checkNumeric,
  size,
  strides,
  sameShape,
  broadcastShapes,
  broadcastsTo,
  broadcastStrides,
  normalizeAxis,
  normalizeAxes,
  reducedShape,
} from './shape.js';
export { erf, erfc, normalCdf } from './reference/special.js';
