/** A named f32 tensor of a checkpoint. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** What a checkpoint holds: JSON metadata and named f32 tensors (`writeCheckpoint` puts them in files). */
export interface CheckpointContent {
  meta: Record<string, unknown>;
  tensors: NamedTensor[];
}
