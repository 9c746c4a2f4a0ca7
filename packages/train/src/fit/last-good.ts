import type { OptimizerState, ParamArena } from '@descent/optim-wasm';
import { restoreSnapshot, takeSnapshot, type Snapshot, type Snapshottable } from '@descent/regularize';
import { ParamGuard } from './guard.js';
import type { Model } from './model.js';

/**
 * The last good state without a copy per step: the guard copies parameters, optimizer slots
 * and buffers at the start of each epoch (or after a restore); a bad step puts that copy back
 * and replays the good steps since, which are deterministic, so the state is bit for bit the one
 * after the last good step.
 */
export class LastGood {
  private guard: ParamGuard;
  /** The model's buffers (batch-norm statistics) when the guard's copy was taken. */
  private buffers: Snapshot | null = null;
  /** Batch index at which the guard's copy was taken (-1: take one before the next step). */
  private from = -1;
  /** The lrs of the good steps since the copy. */
  private readonly lrs: number[] = [];

  constructor(
    private readonly model: Model,
    arena: ParamArena,
    state: OptimizerState<any>,
  ) {
    this.guard = new ParamGuard(arena, state);
  }

  /** Before the step on `batch`: copy the state when an epoch starts or no copy is held. */
  beforeStep(batch: number): void {
    if (batch !== 0 && this.from >= 0) return;
    this.guard.save();
    const m = this.model as Model & Partial<Snapshottable>;
    this.buffers = typeof m.namedBuffers === 'function' ? takeSnapshot({ namedParameters: () => [], namedBuffers: () => m.namedBuffers!() }) : null;
    this.from = batch;
    this.lrs.length = 0;
  }

  /** A step that went well, at learning rate `lr`. */
  good(lr: number): void {
    this.lrs.push(lr);
  }

  /** Put the copy back and replay the good steps since: `replay(batch, lr)` runs one. */
  undo(replay: (batch: number, lr: number) => void): void {
    this.guard.restore();
    const m = this.model as Model & Partial<Snapshottable>;
    if (this.buffers) restoreSnapshot({ namedParameters: () => [], namedBuffers: () => m.namedBuffers!() }, this.buffers);
    this.lrs.forEach((lr, i) => replay(this.from + i, lr));
  }

  /** After a restore: guard the new optimizer state, and copy before the next step. */
  reset(arena: ParamArena, state: OptimizerState<any>): void {
    this.guard.free();
    this.guard = new ParamGuard(arena, state);
    this.from = -1;
  }

  free(): void {
    this.guard.free();
  }
}
