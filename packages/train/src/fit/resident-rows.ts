import type { Core, F32Buffer } from '@descent/optim-wasm';
import { Tensor, wasmBackend } from '@descent/autodiff';
import type { FitData } from './model.js';

/** Training features up to this many bytes are copied into WASM memory once per fit session. */
export const RESIDENT_ROWS_MAX_BYTES = 256 * 2 ** 20;

/**
 * The training features copied once into the core's memory, so that each batch is gathered there
 * by the core's indexSelect kernel instead of a JS subarray and `set` per row (which cost about
 * as much again as the copy itself). Same bits as copying from `data.x`; `data.x` is read once,
 * when the session starts. The copy lives until `free()` (FitSession.finish), like the guard's.
 */
export class ResidentRows {
  private readonly backend: ReturnType<typeof wasmBackend>;
  private readonly shape: [number, number];

  private constructor(
    core: Core,
    private readonly x: F32Buffer,
    data: FitData,
  ) {
    this.backend = wasmBackend(core);
    this.shape = [data.n, data.features];
  }

  /**
   * The data made resident, or undefined when it is larger than RESIDENT_ROWS_MAX_BYTES or than
   * a quarter of the room left under the core's memory limit (training needs the rest): the
   * caller then copies rows from `data.x`.
   */
  static of(core: Core, data: FitData): ResidentRows | undefined {
    const bytes = data.x.length * 4;
    if (bytes > RESIDENT_ROWS_MAX_BYTES || bytes > (core.memoryLimit - core.liveBytes) / 4) return undefined;
    const x = core.persistent(data.x.length);
    x.view().set(data.x);
    return new ResidentRows(core, x, data);
  }

  /** Rows `idx` as a [idx.length, features] tensor in the current memory scope. */
  rows(idx: Int32Array): Tensor {
    const out = this.backend.indexSelect(this.x, this.shape, 0, idx);
    return Tensor.fromStorage(this.backend, out, [idx.length, this.shape[1]]);
  }

  free(): void {
    this.x.free();
  }
}
