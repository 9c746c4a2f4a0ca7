import { DescentError } from '../errors.js';
import type { ParamArena } from './param-arena.js';
import { optionsFromTorch, optionsToTorch } from './registry.js';
import type { Hyper, Optimizer, OptimizerName, OptimizerState, ParamGroupSpec } from './types.js';

/** The `format` tag of an optimizer state dict; another tag is refused on load (a dict without one, e.g. converted from PyTorch, is read). */
export const STATE_DICT_FORMAT = 'descent-optim-state/1';

/** A tensor stored in the blob: `length` f32 values starting at element `offset`. */
export interface BlobRef {
  offset: number;
  length: number;
}

/**
 * PyTorch's index-based layout: `state[i]` holds parameter i's `step`, scalars and slot
 * tensors under PyTorch's names; `param_groups[k]` holds the hyper-parameters (snake_case)
 * and `params` (the indices). Indices count the grouped parameters in group order, as PyTorch
 * does; `arena_params` records which arena parameter each one is.
 */
export interface StateDictJson {
  format: typeof STATE_DICT_FORMAT;
  optimizer: OptimizerName;
  state: Record<string, Record<string, number | BlobRef | number[]>>;
  param_groups: (Record<string, unknown> & { params: number[]; arena_params?: number[] })[];
}

/** `json` is JSON-serialisable; `blob` holds every tensor (write its bytes as a file). */
export interface StateDict {
  json: StateDictJson;
  blob: Float32Array;
}

/**
 * Snapshot an optimizer state in PyTorch's layout. Loading it with `loadStateDict` into a
 * fresh state (even in another core) continues bit-identically.
 */
export function stateDict<O extends Hyper>(opt: Optimizer<O>, state: OptimizerState<O>): StateDict {
  if (state.optimizer !== opt.name) {
    throw new DescentError('optim-state', `stateDict: the state was made by ${state.optimizer}, not ${opt.name}`);
  }
  const chunks: Float32Array[] = [];
  let used = 0;
  const out: StateDictJson['state'] = {};
  const groups: StateDictJson['param_groups'] = [];
  let torchIndex = 0;
  for (const g of state.groups) {
    const slots = opt.rule.slots(g.options);
    const indices: number[] = [];
    for (const pi of g.params) {
      const range = state.params[pi]!;
      const entry: Record<string, number | BlobRef> = { step: state.step };
      for (const [camel, torch] of Object.entries(opt.rule.torchScalars ?? {})) entry[torch] = g.scalars[camel]!;
      const momentumUnset = opt.name === 'sgd' && g.scalars['momentumInit'] === 0;
      for (const s of slots) {
        if (momentumUnset && s.name === 'momentumBuffer') continue; // PyTorch has no buffer before the first step
        const buf = state.slots[s.name];
        if (!buf) throw new DescentError('optim-state', `stateDict: the state lacks the "${s.name}" slot`);
        chunks.push(buf.view().slice(range.offset, range.offset + range.length));
        entry[s.torch] = { offset: used, length: range.length };
        used += range.length;
      }
      out[String(torchIndex)] = entry;
      indices.push(torchIndex++);
    }
    groups.push({ ...optionsToTorch(g.options), params: indices, arena_params: [...g.params] });
  }
  const blob = new Float32Array(used);
  let at = 0;
  for (const c of chunks) {
    blob.set(c, at);
    at += c.length;
  }
  return { json: { format: STATE_DICT_FORMAT, optimizer: opt.name, state: out, param_groups: groups }, blob };
}

/**
 * Rebuild an optimizer state for `arena` from a state dict (`{json, blob}`; the blob may be a
 * Float32Array or the raw bytes). Group hyper-parameters come from the dict, as in PyTorch.
 * Tensors may also be inline number arrays (a dict converted from PyTorch).
 */
export function loadStateDict<O extends Hyper>(
  opt: Optimizer<O>,
  arena: ParamArena,
  dict: { json: StateDictJson | Record<string, unknown>; blob?: Float32Array | ArrayBuffer | Uint8Array },
): OptimizerState<O> {
  const where = `loadStateDict(${opt.name})`;
  const json = dict.json as Partial<StateDictJson>;
  if (!json || typeof json !== 'object' || !Array.isArray(json.param_groups) || typeof json.state !== 'object' || json.state === null) {
    throw new DescentError('optim-state', `${where}: json needs "state" and "param_groups"`);
  }
  if (json.format !== undefined && json.format !== STATE_DICT_FORMAT) {
    throw new DescentError('optim-state', `${where}: format ${JSON.stringify(json.format)} is not ${STATE_DICT_FORMAT}`);
  }
  if (json.optimizer !== undefined && json.optimizer !== opt.name) {
    throw new DescentError('optim-state', `${where}: the dict was saved by ${json.optimizer}`);
  }
  const blob = asFloat32(dict.blob, where);
  const torchToArena = new Map<number, number>();
  const specs = json.param_groups.map((pg, gi) => {
    const { params, arena_params: arenaParams, ...hyper } = pg;
    if (!Array.isArray(params)) throw new DescentError('optim-state', `${where}: param_groups[${gi}].params must be an array`);
    const mapped = arenaParams ?? params;
    if (!Array.isArray(mapped) || mapped.length !== params.length) {
      throw new DescentError('optim-state', `${where}: param_groups[${gi}].arena_params must match params in length`);
    }
    params.forEach((ti, k) => torchToArena.set(ti, mapped[k]!));
    return { ...optionsFromTorch(hyper), params: mapped } as unknown as ParamGroupSpec<O>;
  });
  const state = opt.init(arena, specs);
  const entries = Object.entries(json.state);
  const steps = new Set(entries.map(([, e]) => e['step']).filter((s) => s !== undefined));
  if (steps.size > 1) throw new DescentError('optim-state', `${where}: parameters have different step counts [${[...steps].join(', ')}]`);
  const step = steps.size ? steps.values().next().value : 0;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) throw new DescentError('optim-state', `${where}: step must be a non-negative integer, got ${String(step)}`);
  state.step = step;
  state.groups.forEach((g, gi) => {
    for (const pi of g.params) {
      const ti = [...torchToArena].find(([, a]) => a === pi)![0];
      const entry = json.state![String(ti)];
      if (!entry) {
        if (step > 0) throw new DescentError('optim-state', `${where}: no state for parameter ${ti} after ${step} steps`);
        continue;
      }
      const range = state.params[pi]!;
      for (const [camel, torch] of Object.entries(opt.rule.torchScalars ?? {})) {
        const v = entry[torch];
        if (typeof v !== 'number') throw new DescentError('optim-state', `${where}: state[${ti}].${torch} must be a number`);
        g.scalars[camel] = v;
      }
      for (const s of opt.rule.slots(g.options)) {
        const v = entry[s.torch];
        if (v === undefined || v === null) {
          if (opt.name === 'sgd' && s.name === 'momentumBuffer') continue;
          if (step > 0) throw new DescentError('optim-state', `${where}: state[${ti}] lacks "${s.torch}" (param group ${gi})`);
          continue;
        }
        const data = tensorOf(v, blob, `${where}: state[${ti}].${s.torch}`);
        if (data.length !== range.length) {
          throw new DescentError('optim-state', `${where}: state[${ti}].${s.torch} has ${data.length} values, parameter ${pi} has ${range.length}`);
        }
        state.slots[s.name]!.write(data, range.offset);
        if (s.name === 'momentumBuffer') g.scalars['momentumInit'] = 1;
      }
    }
  });
  return state;
}

function asFloat32(blob: Float32Array | ArrayBuffer | Uint8Array | undefined, where: string): Float32Array {
  if (blob === undefined) return new Float32Array(0);
  if (blob instanceof Float32Array) return blob;
  const bytes = blob instanceof ArrayBuffer ? new Uint8Array(blob) : blob;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength % 4 !== 0) {
    throw new DescentError('optim-state', `${where}: blob must be a Float32Array or bytes of a multiple of 4 length`);
  }
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Float32Array(bytes.slice().buffer);
}

function tensorOf(v: unknown, blob: Float32Array, what: string): ArrayLike<number> {
  if (Array.isArray(v)) return v as number[];
  const ref = v as BlobRef;
  if (!ref || !Number.isInteger(ref.offset) || !Number.isInteger(ref.length) || ref.offset < 0 || ref.offset + ref.length > blob.length) {
    throw new DescentError('optim-state', `${what}: not a tensor within the blob of ${blob.length} values (got ${JSON.stringify(v)})`);
  }
  return blob.subarray(ref.offset, ref.offset + ref.length);
}
