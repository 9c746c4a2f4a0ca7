import type { F32Buffer } from '../core/buffer.js';
import type { CoreExports } from '../core/exports.js';
import type { ParamArena } from './param-arena.js';

import type { OptimizerName } from './names.js';
export type { OptimizerName };

/** Hyper-parameter values: numbers, flags, a pair (`betas`) or a named convention. */
export type HyperValue = number | boolean | string | readonly number[];
/** An optimizer's hyper-parameters by name. */
export type Hyper = { readonly [key: string]: HyperValue };

/**
 * A param group: a contiguous run of whole parameters, given either by parameter indices
 * (`params: [2, 3]`, consecutive) or by an element range of the arena (`offset`, `length`,
 * which must start and end on parameter boundaries), plus hyper-parameters overriding the
 * optimizer's (PyTorch semantics: each parameter belongs to at most one group).
 */
export type ParamGroupSpec<O> = Partial<O> & ({ params: readonly number[] } | { offset: number; length: number });

/** A resolved group, as kept in the state. */
export interface GroupState<O> {
  /** Element range of the arena. */
  offset: number;
  length: number;
  /** Parameter indices in the group (consecutive). */
  params: number[];
  /** Every hyper-parameter of the group (defaults filled in). */
  options: O;
  /** Per-group running scalars (NAdam `muProduct`, SGD `momentumInit`). */
  scalars: Record<string, number>;
}

/**
 * Explicit optimizer state, plain data: the step count, the groups, and the slot buffers
 * (persistent F32Buffers laid out parallel to the arena, e.g. `expAvg`, `expAvgSq`).
 */
export interface OptimizerState<O> {
  optimizer: OptimizerName;
  /** Steps taken (PyTorch's `step`); the next step is `step + 1`. */
  step: number;
  /** The element range of every arena parameter, so a state dict needs no arena. */
  params: { offset: number; length: number }[];
  groups: GroupState<O>[];
  slots: Record<string, F32Buffer>;
}

/** Per-call options of `Optimizer.step`. */
export interface StepOptions {
  /** Learning rate for this step, for every group (e.g. from a schedule); default: each group's `lr`. */
  lr?: number;
  /**
   * Multiply every group's own `lr` by this factor for this step (a schedule's lr ÷ the base lr,
   * as PyTorch's schedulers scale each param group's initial lr); ignored when `lr` is given.
   */
  lrScale?: number;
  /** Check the gradients first and skip the whole step (state untouched) if any is inf or NaN. */
  skipNonFinite?: boolean;
}

/** What one `Optimizer.step` did: the step count, whether it was skipped, and any non-finite values met. */
export interface StepInfo {
  /** The step count after this call. */
  step: number;
  /** True when `skipNonFinite` found a non-finite gradient and nothing was updated. */
  skipped: boolean;
  /** Groups that had inf/NaN gradients, with how many elements (empty when all finite). */
  nonFinite: { group: number; count: number }[];
  /**
   * Groups whose updated parameters hold an inf or NaN, found in the update's own pass (empty
   * when all are finite). The built-in optimizers always report it; absent means not checked.
   */
  nonFiniteParams?: number[];
}

/** One slot buffer of a rule: its camelCase name, PyTorch's state key and initial value. */
export interface SlotSpec {
  name: string;
  torch: string;
  init: number;
}

/** What a rule's kernel call receives for one group at one step. */
export interface KernelCall<O> {
  ex: CoreExports;
  /** Byte pointers of this group's range in values, grads and each slot (0 when absent). */
  p: number;
  g: number;
  slot: (name: string) => number;
  n: number;
  o: O;
  lr: number;
  /** 1-based step number being taken. */
  t: number;
  scalars: Record<string, number>;
}

/**
 * One update rule: defaults, validation, slots and the per-step scalars + kernel call.
 * `makeOptimizer` turns it into the public factory; everything else is shared.
 */
export interface Rule<O extends Hyper> {
  name: OptimizerName;
  /** PyTorch class name (`Adam`), used by state dicts and fixtures. */
  torchName: string;
  defaults: O;
  /** Throw a DescentError naming `where`, the field and the value. */
  validate(o: O, where: string): void;
  /** The state buffers this rule keeps per parameter element, for these options. */
  slots(o: O): SlotSpec[];
  /** Initial per-group scalars. */
  scalars?(o: O): Record<string, number>;
  /** Per-group scalars that appear in PyTorch's per-parameter state (camel → torch). */
  torchScalars?: Record<string, string>;
  /** Apply the fused update to one group; returns the count of non-finite gradients read. */
  run(k: KernelCall<O>): number;
}

/** A fused optimizer: the factory's result (`adam({ lr })`), whose state is plain data kept by the caller. */
export interface Optimizer<O extends Hyper> {
  readonly name: OptimizerName;
  readonly torchName: string;
  /** The optimizer-level hyper-parameters (defaults filled in); groups may override them. */
  readonly defaults: Readonly<O>;
  readonly rule: Rule<O>;
  /** Allocate the state for `arena` (one group over all of it unless `groups` is given). */
  init(arena: ParamArena, groups?: readonly ParamGroupSpec<O>[]): OptimizerState<O>;
  /** One step: ONE fused kernel call per group, in place on `arena.values` and the slots. */
  step(arena: ParamArena, state: OptimizerState<O>, options?: StepOptions): StepInfo;
}
