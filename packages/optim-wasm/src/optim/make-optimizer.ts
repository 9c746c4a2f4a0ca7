import type { F32Buffer } from '../core/buffer.js';
import { parallelExports } from '../kernels/parallel.js';
import { DescentError } from '../errors.js';
import { resolveGroups } from './groups.js';
import type { ParamArena } from './param-arena.js';
import type { GroupState, Hyper, Optimizer, OptimizerState, ParamGroupSpec, Rule, StepInfo, StepOptions } from './types.js';
import { knownKeys, nonNegative } from './validate.js';

/** Merge options over defaults, rejecting unknown names, and validate them. */
export function resolveOptions<O extends Hyper>(rule: Rule<O>, base: O, given: Partial<O>, where: string): O {
  knownKeys(where, given, rule.defaults);
  const o = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(given)) if (v !== undefined) o[k] = v;
  rule.validate(o as O, where);
  return o as O;
}

/** Allocate the slots that any group needs, each parallel to the whole arena, with its initial value. */
export function allocSlots<O extends Hyper>(rule: Rule<O>, arena: ParamArena, groups: GroupState<O>[]): Record<string, F32Buffer> {
  const slots: Record<string, F32Buffer> = {};
  for (const g of groups) {
    for (const s of rule.slots(g.options)) {
      const buf = (slots[s.name] ??= arena.core.persistent(arena.length));
      if (s.init !== 0 && g.length > 0) buf.subarray(g.offset, g.length).fill(s.init);
    }
  }
  return slots;
}

/** Build the public optimizer (init / step) from a rule; see types.ts for the contract. */
export function makeOptimizer<O extends Hyper>(rule: Rule<O>, options: Partial<O> = {}): Optimizer<O> {
  const defaults = resolveOptions(rule, rule.defaults, options, rule.name);

  function init(arena: ParamArena, specs?: readonly ParamGroupSpec<O>[]): OptimizerState<O> {
    const groups: GroupState<O>[] = resolveGroups(rule.name, arena, specs).map(({ range, overrides }, gi) => {
      const o = resolveOptions(rule, defaults, overrides, `${rule.name} param group ${gi}`);
      return { ...range, options: o, scalars: rule.scalars?.(o) ?? {} };
    });
    return {
      optimizer: rule.name,
      step: 0,
      params: arena.params.map((p) => ({ offset: p.offset, length: p.length })),
      groups,
      slots: allocSlots(rule, arena, groups),
    };
  }

  function step(arena: ParamArena, state: OptimizerState<O>, opts: StepOptions = NO_STEP_OPTIONS): StepInfo {
    checkState(rule.name, arena, state);
    const lrOverride = opts.lr === undefined ? undefined : nonNegative(`${rule.name}.step`, 'lr', opts.lr);
    const lrScale = opts.lrScale === undefined ? 1 : nonNegative(`${rule.name}.step`, 'lrScale', opts.lrScale);
    const ex = parallelExports(arena.core);
    if (opts.skipNonFinite) {
      const nonFinite = countBad(arena, state);
      if (nonFinite.length > 0) return { step: state.step, skipped: true, nonFinite, nonFiniteParams: [] };
    }
    const t = state.step + 1;
    const nonFinite: StepInfo['nonFinite'] = [];
    const nonFiniteParams: number[] = [];
    arena.core.exports.takeNonFiniteParams();
    const groups = state.groups;
    for (let gi = 0; gi < groups.length; gi++) {
      const grp = groups[gi]!;
      if (grp.length === 0) continue;
      const byteOff = grp.offset * 4;
      const count = rule.run({
        ex,
        p: arena.values.ptr + byteOff,
        g: arena.grads.ptr + byteOff,
        slot: (name) => {
          const s = state.slots[name];
          if (!s) throw new DescentError('optim-state', `${rule.name}.step: state has no "${name}" slot for param group ${gi}`);
          return s.ptr + byteOff;
        },
        n: grp.length,
        o: grp.options,
        lr: lrOverride ?? (lrScale === 1 ? (grp.options['lr'] as number) : (grp.options['lr'] as number) * lrScale),
        t,
        scalars: grp.scalars,
      });
      if (count > 0) nonFinite.push({ group: gi, count });
      if (arena.core.exports.takeNonFiniteParams()) nonFiniteParams.push(gi);
    }
    state.step = t;
    return { step: t, skipped: false, nonFinite, nonFiniteParams };
  }

  return { name: rule.name, torchName: rule.torchName, defaults, rule, init, step };
}

function countBad<O>(arena: ParamArena, state: OptimizerState<O>): StepInfo['nonFinite'] {
  const out: StepInfo['nonFinite'] = [];
  state.groups.forEach((g, gi) => {
    const count = g.length ? parallelExports(arena.core).countNonFinite(arena.grads.ptr + g.offset * 4, g.length) : 0;
    if (count > 0) out.push({ group: gi, count });
  });
  return out;
}

/** The state must belong to this optimizer and to an arena of the same layout and core. */
export function checkState<O>(name: string, arena: ParamArena, state: OptimizerState<O>): void {
  if (!state || state.optimizer !== name) {
    throw new DescentError('optim-state', `${name}.step: the state was made by ${state?.optimizer ?? 'nothing'}, not ${name}`);
  }
  if (!sameLayout(state.params, arena)) {
    throw new DescentError(
      'optim-state',
      `${name}.step: the state was made for parameters of lengths [${state.params.map((p) => p.length).join(', ')}], the arena has [${arena.params.map((p) => p.length).join(', ')}]`,
    );
  }
  // messages are built only on failure: this runs every step
  if (!arena.values.isAlive) arena.values.assertAlive(`${name}.step (arena values)`);
  if (!arena.grads.isAlive) arena.grads.assertAlive(`${name}.step (arena grads)`);
  const slots = state.slots;
  for (const k in slots) {
    const s = slots[k]!;
    if (!s.isAlive) s.assertAlive(`${name}.step (state slot ${k})`);
    if (s.core !== arena.core) throw new DescentError('optim-state', `${name}.step: state slot ${k} lives in another core than the arena`);
  }
}

function sameLayout(params: OptimizerState<unknown>['params'], arena: ParamArena): boolean {
  if (params.length !== arena.count) return false;
  for (let i = 0; i < params.length; i++) {
    const a = arena.params[i]!;
    if (params[i]!.length !== a.length || params[i]!.offset !== a.offset) return false;
  }
  return true;
}

const NO_STEP_OPTIONS: StepOptions = Object.freeze({});

/** Release the slot buffers of a state. */
export function freeState<O>(state: OptimizerState<O>): void {
  for (const s of Object.values(state.slots)) s.free();
  state.slots = {};
}
