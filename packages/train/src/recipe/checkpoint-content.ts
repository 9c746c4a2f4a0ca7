import { DescentError } from '@descent/optim-wasm';

/** A named f32 tensor of a checkpoint. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** What a trainer checkpoint holds: JSON-able metadata and named f32 tensors (the CLI writes them to files). */
export interface CheckpointContent {
  meta: Record<string, unknown>;
  tensors: NamedTensor[];
}

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
