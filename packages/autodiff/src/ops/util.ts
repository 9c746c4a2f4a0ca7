import { DescentError } from '@descent/optim-wasm';
import { Tensor } from '../tensor.js';

/** The shared backend of an op's tensor inputs; mixing backends is an error naming the op. */
export function backendOf<S>(op: string, ...ts: Tensor<S>[]): Tensor<S>['backend'] {
  const b = ts[0]!.backend;
  for (const t of ts) {
    if (t.backend !== b) throw new DescentError('backend', `${op}: inputs live on different backends (${b.name} and ${t.backend.name})`);
  }
  return b;
}

/** A constant (no grad) tensor on `like`'s backend. */
export function constant<S>(like: Tensor<S>, value: number, shape: readonly number[] = []): Tensor<S> {
  let n = 1;
  for (const d of shape) n *= d;
  return Tensor.fromStorage(like.backend, like.backend.full(n, value), shape);
}

/** A plain number becomes a scalar constant on `like`'s backend. */
export function lift<S>(x: Tensor<S> | number, like: Tensor<S>): Tensor<S> {
  return typeof x === 'number' ? constant(like, x) : x;
}

export function checkFinite(op: string, field: string, v: number): void {
  if (!Number.isFinite(v)) throw new DescentError('value', `${op}: ${field} must be a finite number, got ${v}`);
}
