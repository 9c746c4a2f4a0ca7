import { DescentError } from '@descent/optim-wasm';
import type { NamedTensor } from '../checkpoint/content.js';

export type { CheckpointContent, NamedTensor } from '../checkpoint/content.js';

/** Tensors whose names start with `prefix/`, keyed without it. */
export function tensorsUnder(tensors: NamedTensor[], prefix: string): Record<string, { shape: number[]; data: Float32Array }> {
  const out: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const t of tensors) if (t.name.startsWith(`${prefix}/`)) out[t.name.slice(prefix.length + 1)] = { shape: t.shape, data: t.data };
  return out;
}

/** The one tensor `name`, or a clear error. */
export function tensorNamed(tensors: NamedTensor[], name: string): Float32Array {
  const t = tensors.find((x) => x.name === name);
  if (!t) throw new DescentError('bad-checkpoint', `checkpoint lacks tensor '${name}'`);
  return t.data;
}

/** A model's weights as `model/<name>` f32 tensors (copies: they outlive the model's memory). */
export function modelTensors(model: { stateDict?(): Record<string, { shape: readonly number[]; data: ArrayLike<number> }> }): NamedTensor[] {
  return Object.entries(model.stateDict?.() ?? {}).map(([k, v]) => ({ name: `model/${k}`, shape: [...v.shape], data: Float32Array.from(v.data) }));
}
