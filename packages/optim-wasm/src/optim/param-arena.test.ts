import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { DescentError } from '../errors.js';
import { ParamArena } from './param-arena.js';

const core = loadCoreSync();

describe('ParamArena', () => {
  it('packs parameters back to back in one values buffer and one parallel grads buffer', () => {
    const arena = ParamArena.pack(core, [3, 0, 5], ['w', 'empty', 'b']);
    expect(arena.params).toEqual([
      { name: 'w', offset: 0, length: 3 },
      { name: 'empty', offset: 3, length: 0 },
      { name: 'b', offset: 3, length: 5 },
    ]);
    expect(arena.length).toBe(8);
    expect(arena.values.length).toBe(8);
    expect(arena.grads.length).toBe(8);
    arena.value(2).write([1, 2, 3, 4, 5]);
    arena.grad(0).write([9, 8, 7]);
    expect(Array.from(arena.values.read())).toEqual([0, 0, 0, 1, 2, 3, 4, 5]);
    expect(arena.value(2).ptr).toBe(arena.values.ptr + 12);
    expect(arena.grad(2).ptr).toBe(arena.grads.ptr + 12);
    expect(arena.indexOf('b')).toBe(2);
    expect(arena.value(0)).toBe(arena.value(0));
    arena.zeroGrad();
    expect(Array.from(arena.grads.read())).toEqual(new Array(8).fill(0));
  });
  it('default names, persistence across scopes, free', () => {
    const arena = core.tidy(() => ParamArena.pack(core, [2, 2]));
    expect(arena.params.map((p) => p.name)).toEqual(['param0', 'param1']);
    expect(arena.values.isAlive).toBe(true);
    arena.free();
    expect(() => arena.value(0).read()).toThrow(/was freed/);
  });
  it('bad input is a DescentError naming the field', () => {
    expect(() => ParamArena.pack(core, [])).toThrow(/lengths must be a non-empty array/);
    expect(() => ParamArena.pack(core, [2, -1])).toThrow(/lengths\[1\] must be a non-negative integer, got -1/);
    expect(() => ParamArena.pack(core, [2], ['a', 'b'])).toThrow(/2 names for 1 parameters/);
    expect(() => ParamArena.pack(core, [2, 2], ['a', 'a'])).toThrow(/duplicate parameter name "a"/);
    const arena = ParamArena.pack(core, [2]);
    expect(() => arena.value(1)).toThrow(DescentError);
    expect(() => arena.indexOf('x')).toThrow(/no parameter named "x"/);
  });
});
