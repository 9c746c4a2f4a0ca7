import type { F32Buffer, OptimizerState, ParamArena } from '@descent/optim-wasm';

/**
 * A persistent backup of the parameters and the optimizer state. `save()` copies arena values
 * and every slot buffer with the core's copy kernel (a memcpy of (1 + slots)·P floats) plus the
 * step count and per-group scalars; `restore()` copies them back. fit saves once per epoch and
 * replays the good steps since after a restore (see FitSession), not a copy per step.
 */
export class ParamGuard {
  private readonly values: F32Buffer;
  private readonly slots: [F32Buffer, F32Buffer][];
  private step = 0;
  private scalars: Record<string, number>[] = [];

  constructor(
    private readonly arena: ParamArena,
    private readonly state: OptimizerState<any>,
  ) {
    const core = arena.core;
    this.values = core.persistent(arena.length);
    this.slots = Object.values(state.slots).map((s) => [s, core.persistent(s.length)]);
  }

  /** Copy the parameters, the optimizer's slots, its step count and per-group scalars aside. */
  save(): void {
    const ex = this.arena.core.exports;
    ex.copy(this.arena.values.ptr, this.values.ptr, this.arena.length);
    for (const [live, copy] of this.slots) ex.copy(live.ptr, copy.ptr, live.length);
    this.step = this.state.step;
    this.scalars = this.state.groups.map((g) => ({ ...g.scalars }));
  }

  /** Put back what the last `save()` copied (parameters, slots, step count, group scalars). */
  restore(): void {
    const ex = this.arena.core.exports;
    ex.copy(this.values.ptr, this.arena.values.ptr, this.arena.length);
    for (const [live, copy] of this.slots) ex.copy(copy.ptr, live.ptr, live.length);
    this.state.step = this.step;
    this.state.groups.forEach((g, i) => {
      for (const k of Object.keys(g.scalars)) delete g.scalars[k];
      Object.assign(g.scalars, this.scalars[i]);
    });
  }

  /** Free the backup's WASM memory. */
  free(): void {
    this.values.free();
    for (const [, copy] of this.slots) copy.free();
  }
}

/** True when any parameter is inf or NaN (one WASM scan). */
export function parametersNonFinite(arena: ParamArena): boolean {
  return arena.core.exports.countNonFinite(arena.values.ptr, arena.length) > 0;
}
