import { DescentError } from '@descent/optim-wasm';
import { Tensor } from '../tensor.js';

/**
 * The shared backend of an op's tensor inputs (up to three; `backendOfAll` for a list); mixing
 * backends is an error naming the op. Fixed arity: no rest array per op call.
 */
export function backendOf<S>(op: string, a: Tensor<S>, b?: Tensor<S>, c?: Tensor<S>): Tensor<S>['backend'] {
  const be = a.backend;
  if (b !== undefined && b.backend !== be) mixedBackends(op, be, b);
  if (c !== undefined && c.backend !== be) mixedBackends(op, be, c);
  return be;
}

/** `backendOf` for any number of tensors (concat, stack). */
export function backendOfAll<S>(op: string, ts: readonly Tensor<S>[]): Tensor<S>['backend'] {
  const be = ts[0]!.backend;
  for (const t of ts) if (t.backend !== be) mixedBackends(op, be, t);
  return be;
}

function mixedBackends<S>(op: string, be: Tensor<S>['backend'], t: Tensor<S>): never {
  throw new DescentError('backend', `${op}: inputs live on different backends (${be.name} and ${t.backend.name})`);
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

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array (wrap it with tensor(…))';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} (wrap it with tensor(…))`;
  return typeof v === 'object' ? `an object (${v.constructor?.name ?? 'no class'})` : `${typeof v} ${String(v)}`;
}

/**
 * An op's argument must be a Tensor (or, where `also` says so, a number, null or undefined):
 * anything else is refused naming the op and the argument instead of failing inside the backend.
 */
export function checkTensor(op: string, field: string, v: unknown, also: { number?: boolean; absent?: boolean } = TENSOR_ONLY): void {
  if (v instanceof Tensor) return;
  if (also.number && typeof v === 'number') return;
  if (also.absent && (v === undefined || v === null)) return;
  const want = `a Tensor${also.number ? ' or a number' : ''}${also.absent ? ' (or nothing)' : ''}`;
  throw new DescentError('type', `${op}: ${field} must be ${want}, got ${describe(v)}`);
}

// the three `also` values share one object shape, so checkTensor reads them monomorphically
const TENSOR_ONLY: { number?: boolean; absent?: boolean } = Object.freeze({ number: false, absent: false });
/** `also` for an optional tensor argument (bias, …). */
export const OPTIONAL: { number?: boolean; absent?: boolean } = Object.freeze({ number: false, absent: true });
/** `also` for an argument that may be a plain number. */
export const OR_NUMBER: { number?: boolean; absent?: boolean } = Object.freeze({ number: true, absent: false });

/** `xs` must be an array of Tensors. */
export function checkTensors(op: string, field: string, xs: unknown): void {
  if (!Array.isArray(xs)) throw new DescentError('type', `${op}: ${field} must be an array of Tensors, got ${describe(xs)}`);
  xs.forEach((x, i) => checkTensor(op, `${field}[${i}]`, x));
}
