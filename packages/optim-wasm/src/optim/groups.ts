import { DescentError } from '../errors.js';
import type { ParamArena } from './param-arena.js';
import type { Hyper, ParamGroupSpec } from './types.js';

export interface ResolvedRange {
  offset: number;
  length: number;
  params: number[];
}

/**
 * Turn group specs into arena ranges of whole, consecutive parameters and check that no
 * parameter is in two groups (PyTorch: "some parameters appear in more than one parameter group").
 */
export function resolveGroups<O extends Hyper>(
  name: string,
  arena: ParamArena,
  specs: readonly ParamGroupSpec<O>[] | undefined,
): { range: ResolvedRange; overrides: Partial<O> }[] {
  if (specs === undefined) {
    return [{ range: { offset: 0, length: arena.length, params: arena.params.map((_, i) => i) }, overrides: {} }];
  }
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new DescentError('optim-groups', `${name}.init: groups must be a non-empty array, got ${JSON.stringify(specs)}`);
  }
  const owner = new Map<number, number>();
  return specs.map((spec, gi) => {
    const where = `${name}.init: param group ${gi}`;
    const { params, offset, length, ...overrides } = spec as { params?: readonly number[]; offset?: number; length?: number };
    let indices: number[];
    if (params !== undefined) {
      if (offset !== undefined || length !== undefined) {
        throw new DescentError('optim-groups', `${where}: give either params or offset/length, not both`);
      }
      if (!Array.isArray(params) || params.length === 0) {
        throw new DescentError('optim-groups', `${where}: params must be a non-empty array of parameter indices, got ${JSON.stringify(params)}`);
      }
      indices = [...params].sort((a, b) => a - b);
      for (const i of indices) {
        if (!Number.isInteger(i) || i < 0 || i >= arena.count) {
          throw new DescentError('optim-groups', `${where}: parameter index ${i} is out of range for ${arena.count} parameters`);
        }
      }
      for (let k = 1; k < indices.length; k++) {
        if (indices[k] !== indices[k - 1]! + 1) {
          throw new DescentError(
            'optim-groups',
            `${where}: params [${indices.join(', ')}] are not consecutive in the arena; a group must be one contiguous range (pack them next to each other)`,
          );
        }
      }
    } else {
      indices = indicesOfRange(where, arena, offset, length);
    }
    for (const i of indices) {
      const prev = owner.get(i);
      if (prev !== undefined) {
        throw new DescentError('optim-groups', `${where}: parameter ${i} ("${arena.params[i]!.name}") is already in param group ${prev}; groups must not overlap`);
      }
      owner.set(i, gi);
    }
    const first = arena.params[indices[0]!]!;
    const last = arena.params[indices[indices.length - 1]!]!;
    const range = { offset: first.offset, length: last.offset + last.length - first.offset, params: indices };
    return { range, overrides: overrides as Partial<O> };
  });
}

function indicesOfRange(where: string, arena: ParamArena, offset: unknown, length: unknown): number[] {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || (offset as number) < 0 || (length as number) <= 0) {
    throw new DescentError('optim-groups', `${where}: needs params, or an integer offset >= 0 and length > 0 (got offset ${offset}, length ${length})`);
  }
  const start = offset as number;
  const end = start + (length as number);
  if (end > arena.length) {
    throw new DescentError('optim-groups', `${where}: range [${start}, ${end}) is outside the arena of length ${arena.length}`);
  }
  const indices: number[] = [];
  arena.params.forEach((p, i) => {
    if (p.offset >= start && p.offset + p.length <= end && (p.length > 0 || p.offset < end)) indices.push(i);
  });
  const first = indices.length ? arena.params[indices[0]!]! : undefined;
  const last = indices.length ? arena.params[indices[indices.length - 1]!]! : undefined;
  if (!first || !last || first.offset !== start || last.offset + last.length !== end) {
    throw new DescentError('optim-groups', `${where}: range [${start}, ${end}) does not start and end on parameter boundaries`);
  }
  return indices;
}
