import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import { DescentError } from '../errors.js';

/** Where one parameter lives in the arena: elements [offset, offset + length). */
export interface ParamRange {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * Every parameter of a model in ONE contiguous persistent f32 buffer (`values`), with the
 * gradients in a parallel buffer (`grads`) of the same layout. Optimizers update a whole
 * param group (a contiguous range) in one fused kernel call; autodiff rebinds each parameter
 * to the views `value(i)` / `grad(i)`, so backward writes gradients where the optimizer reads.
 *
 * ```ts
 * const arena = ParamArena.pack(core, [784 * 256, 256], ['w1', 'b1']);
 * arena.value(0).write(initialWeights);
 * ```
 */
export class ParamArena {
  readonly params: readonly ParamRange[];
  /** Total number of elements. */
  readonly length: number;
  private readonly valueViews: F32Buffer[];
  private readonly gradViews: F32Buffer[];

  private constructor(
    readonly core: Core,
    readonly values: F32Buffer,
    readonly grads: F32Buffer,
    params: ParamRange[],
  ) {
    this.params = params;
    this.length = values.length;
    this.valueViews = params.map((p) => values.subarray(p.offset, p.length));
    this.gradViews = params.map((p) => grads.subarray(p.offset, p.length));
  }

  /**
   * Allocate zeroed `values` and `grads` for parameters of the given element counts, packed
   * back to back in order. `names` default to `param0`, `param1`, ...
   */
  static pack(core: Core, lengths: readonly number[], names?: readonly string[]): ParamArena {
    if (!Array.isArray(lengths) || lengths.length === 0) {
      throw new DescentError('shape', `ParamArena.pack: lengths must be a non-empty array, got ${JSON.stringify(lengths)}`);
    }
    if (names !== undefined && names.length !== lengths.length) {
      throw new DescentError('shape', `ParamArena.pack: ${names.length} names for ${lengths.length} parameters`);
    }
    const params: ParamRange[] = [];
    let offset = 0;
    lengths.forEach((n, i) => {
      if (!Number.isInteger(n) || n < 0) {
        throw new DescentError('shape', `ParamArena.pack: lengths[${i}] must be a non-negative integer, got ${n}`);
      }
      params.push({ name: names?.[i] ?? `param${i}`, offset, length: n });
      offset += n;
    });
    const seen = new Set<string>();
    for (const p of params) {
      if (seen.has(p.name)) throw new DescentError('shape', `ParamArena.pack: duplicate parameter name "${p.name}"`);
      seen.add(p.name);
    }
    const values = core.persistent(offset);
    const grads = core.persistent(offset);
    return new ParamArena(core, values, grads, params);
  }

  /** The number of parameters. */
  get count(): number {
    return this.params.length;
  }

  /** A view of parameter `i`'s values (shares memory with `values`). */
  value(i: number): F32Buffer {
    return this.valueViews[this.check(i, 'value')]!;
  }

  /** A view of parameter `i`'s gradient (shares memory with `grads`). */
  grad(i: number): F32Buffer {
    return this.gradViews[this.check(i, 'grad')]!;
  }

  /** The index of the parameter called `name`. */
  indexOf(name: string): number {
    const i = this.params.findIndex((p) => p.name === name);
    if (i < 0) throw new DescentError('arg', `ParamArena.indexOf: no parameter named "${name}"`);
    return i;
  }

  /** grads = 0 (one WASM fill over the whole arena). */
  zeroGrad(): void {
    this.grads.fill(0);
  }

  /** Release both buffers; every view becomes unusable. */
  free(): void {
    this.values.free();
    this.grads.free();
  }

  private check(i: number, op: string): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.params.length) {
      throw new DescentError('arg', `ParamArena.${op}: index ${i} is out of range for ${this.params.length} parameters`);
    }
    return i;
  }
}
