import { DescentError, F32Buffer } from '@descent/optim-wasm';
import type { Tensor } from '@descent/autodiff';

/** Named tensors as a Module lists them: pairs, a Map or a plain record. */
export type NamedTensors = Iterable<readonly [string, Tensor]> | ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/** Anything whose state is named tensors: a `Module` (parameters and buffers). */
export interface Snapshottable {
  /** The trained tensors by name. */
  namedParameters(): NamedTensors;
  /** The untrained state by name (e.g. BatchNorm's running statistics), when there is any. */
  namedBuffers?(): NamedTensors;
}

/** A bit-exact copy of named tensors' values (f32 copies for WASM storage, f64 for reference). */
export type Snapshot = Map<string, Float32Array | Float64Array>;

/** The entries of any `NamedTensors` form, in order. */
export function namedEntries(named: NamedTensors): [string, Tensor][] {
  if (named instanceof Map) return [...named.entries()];
  if (typeof (named as Iterable<unknown>)[Symbol.iterator] === 'function') return [...(named as Iterable<readonly [string, Tensor]>)].map(([k, v]) => [k, v]);
  return Object.entries(named as Record<string, Tensor>);
}

/** The state of a model: its parameters, then its buffers (running statistics). */
export function stateEntries(model: Snapshottable): [string, Tensor][] {
  const params = namedEntries(model.namedParameters());
  const buffers = model.namedBuffers ? namedEntries(model.namedBuffers()) : [];
  return [...params, ...buffers.map(([k, v]) => [k, v] as [string, Tensor])];
}

/** A copy of the raw storage of `t` (exactly the stored bits, −0 and NaN payloads included). */
export function readRaw(t: Tensor): Float32Array | Float64Array {
  const s: unknown = t.storageFor('snapshot');
  if (s instanceof F32Buffer) return s.read();
  if (s instanceof Float64Array || s instanceof Float32Array) return s.slice();
  return Float64Array.from(t.data());
}

/**
 * Overwrite the storage of `t` with `values` by a plain memory copy (no arithmetic, so the bits
 * come back exactly) and bump its version so the tape sees the in-place change.
 */
export function writeRaw(t: Tensor, values: Float32Array | Float64Array, op = 'restore'): void {
  if (values.length !== t.size) throw new DescentError('shape', `${op}: ${values.length} values for tensor${t.name ? ` '${t.name}'` : ''} of ${t.size} elements`);
  const s: unknown = t.storageFor(op);
  if (s instanceof F32Buffer) s.write(values);
  else if (s instanceof Float64Array || s instanceof Float32Array) s.set(values);
  else t.assign(values);
  t.markModified();
}

/**
 * Copy every parameter and buffer of `model` (bit-exact, by name).
 *
 * @example const best = takeSnapshot(model); … restoreSnapshot(model, best);
 */
export function takeSnapshot(model: Snapshottable): Snapshot {
  const snap: Snapshot = new Map();
  for (const [name, t] of stateEntries(model)) snap.set(name, readRaw(t));
  return snap;
}

/** Put a snapshot back; every saved name must still exist with the same size (checked first). */
export function restoreSnapshot(model: Snapshottable, snap: Snapshot): void {
  const current = new Map(stateEntries(model));
  const targets: [Tensor, Float32Array | Float64Array, string][] = [];
  for (const [name, values] of snap) {
    const t = current.get(name);
    if (!t) throw new DescentError('state', `restoreSnapshot: the model has no parameter or buffer '${name}' any more`);
    if (t.size !== values.length) throw new DescentError('shape', `restoreSnapshot('${name}'): ${values.length} values for tensor of ${t.size} elements`);
    targets.push([t, values, name]);
  }
  // all checked before anything is written: a failed restore leaves the model untouched
  for (const [t, values, name] of targets) writeRaw(t, values, `restoreSnapshot('${name}')`);
}
