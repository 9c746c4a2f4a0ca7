import { createReferenceBackend, createWasmBackend, getCore, type Backend, type Core, type F32Buffer } from '@descent/optim-wasm';

/** Any backend: tensors carry theirs, ops check that their inputs share one. */
export type AnyBackend = Backend<any>;

const wasmBackends = new WeakMap<Core, Backend<F32Buffer>>();
let reference: Backend<Float64Array> | undefined;
const stack: AnyBackend[] = [];

/** The f32 WASM backend of a core (default: `getCore()`), one instance per core. */
export function wasmBackend(core: Core = getCore()): Backend<F32Buffer> {
  let b = wasmBackends.get(core);
  if (!b) wasmBackends.set(core, (b = createWasmBackend(core)));
  return b;
}

/** The f64 reference backend (plain TypeScript): the oracle, and where `gradcheck` runs. */
export function referenceBackend(): Backend<Float64Array> {
  return (reference ??= createReferenceBackend());
}

/** The backend new tensors get when none is passed: the innermost `withBackend`, else WASM. */
export function defaultBackend(): AnyBackend {
  return stack[stack.length - 1] ?? wasmBackend();
}

/** Run `fn` with `backend` as the default for tensors created inside (e.g. f64 for gradcheck). */
export function withBackend<T>(backend: AnyBackend, fn: () => T): T {
  stack.push(backend);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}
