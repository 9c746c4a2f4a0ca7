import { defaultBackend, type AnyBackend } from './context.js';
import { Tensor } from './tensor.js';

function collect(value: unknown, out: unknown[], depth: number): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (value instanceof Tensor) {
    if (!value.isDisposed) out.push(value.storage);
    if (value.grad && !value.grad.isDisposed) out.push(value.grad.storage);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collect(v, out, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, out, depth + 1);
}

/**
 * Run `fn` in a memory scope of the backend (default: the current default backend): every
 * storage allocated inside — forward intermediates, backward gradients — is freed when it ends,
 * except the tensors returned (alone, in arrays or plain objects). Parameters and their
 * gradients are persistent, so a training step inside `tidy` keeps WASM memory flat.
 * The graph of a returned tensor is freed: calling backward on it later is an error.
 */
export function tidy<T>(fn: () => T, backend: AnyBackend = defaultBackend()): T {
  return backend.tidy(() => {
    const value = fn();
    const keep: unknown[] = [];
    collect(value, keep, 0);
    return { value, keep };
  }).value;
}
