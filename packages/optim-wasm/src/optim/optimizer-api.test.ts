import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { referenceOptimizer } from '../reference/optim/index.js';
import { adam, adamw } from './adam.js';
import { freeState } from './make-optimizer.js';
import { ParamArena } from './param-arena.js';
import { sgd } from './sgd.js';
import { OPTIMIZER_NAMES } from './names.js';
import { createOptimizer } from './registry.js';
import type { Hyper, Optimizer } from './types.js';

const core = loadCoreSync();

function arenaWith(lengths: number[], fill = 0.5): ParamArena {
  const a = ParamArena.pack(core, lengths);
  a.values.fill(fill);
  return a;
}

describe('param groups (PyTorch semantics)', () => {
  it('per-group hyper-parameters, one kernel call per group; ungrouped params do not move', () => {
    const arena = arenaWith([3, 2, 4]);
    const opt = sgd({ lr: 0.1 });
    const state = opt.init(arena, [{ params: [0] }, { offset: 3, length: 2, lr: 0.5, weightDecay: 0.1 }]);
    expect(state.groups.map((g) => [g.offset, g.length, g.params, g.options.lr])).toEqual([
      [0, 3, [0], 0.1],
      [3, 2, [1], 0.5],
    ]);
    arena.grads.fill(1);
    opt.step(arena, state);
    const v = arena.values.read();
    expect(v[0]).toBe(Math.fround(0.5 - Math.fround(0.1)));
    expect(v[3]).toBe(Math.fround(0.5 + Math.fround(-0.5) * Math.fround(1 + Math.fround(0.1) * 0.5)));
    expect(Array.from(v.subarray(5))).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
  it('lrScale multiplies each group\'s own lr (a scheduler over param groups)', () => {
    const arena = arenaWith([3, 2]);
    const opt = sgd({ lr: 0.1 });
    const state = opt.init(arena, [{ params: [0] }, { params: [1], lr: 0.5 }]);
    arena.grads.fill(1);
    opt.step(arena, state, { lrScale: 0.25 });
    const v = arena.values.read();
    expect(v[0]).toBe(Math.fround(0.5 - Math.fround(0.1 * 0.25)));
    expect(v[3]).toBe(Math.fround(0.5 - Math.fround(0.5 * 0.25)));
    expect(() => opt.step(arena, state, { lrScale: -1 })).toThrow(/sgd.step: lrScale must be >= 0, got -1/);
  });
  it('overlapping, non-contiguous, misaligned and out-of-range groups are errors', () => {
    const arena = arenaWith([3, 2, 4]);
    const opt = adam();
    expect(() => opt.init(arena, [{ params: [0, 1] }, { params: [1] }])).toThrow(/param group 1: parameter 1 \("param1"\) is already in param group 0/);
    expect(() => opt.init(arena, [{ params: [0, 2] }])).toThrow(/params \[0, 2\] are not consecutive/);
    expect(() => opt.init(arena, [{ offset: 1, length: 4 }])).toThrow(/does not start and end on parameter boundaries/);
    expect(() => opt.init(arena, [{ params: [3] }])).toThrow(/parameter index 3 is out of range for 3 parameters/);
    expect(() => opt.init(arena, [])).toThrow(/non-empty array/);
    expect(() => opt.init(arena, [{ params: [0], lr: -1 }])).toThrow(/adam param group 0: lr must be >= 0, got -1/);
  });
  it('a state from another arena layout or optimizer is refused', () => {
    const a = arenaWith([3]);
    const b = arenaWith([4]);
    const state = adam().init(a);
    expect(() => adam().step(b, state)).toThrow(/lengths \[3\], the arena has \[4\]/);
    expect(() => adamw().step(a, state)).toThrow(/made by adam, not adamw/);
    freeState(state);
    expect(() => adam().step(a, { ...state, slots: {} })).toThrow(/no "expAvg" slot/);
  });
});

describe('step options', () => {
  it('lr overrides every group for this step (a schedule) and equals the twin run with that lr', () => {
    const arena = arenaWith([6]);
    arena.values.write([0.1, -0.2, 0.3, -0.4, 0.5, -0.6]);
    const opt = adam({ lr: 1 });
    const state = opt.init(arena);
    const ref = referenceOptimizer('adam', { lr: 1 });
    const p = [Float64Array.from(arena.values.read())];
    const rs = ref.init(p);
    for (let t = 0; t < 5; t++) {
      const g = Float64Array.from([1, -2, 3, -4, 5, -6].map((x) => Math.fround(x * (t + 1) * 0.1)));
      arena.grads.write(g);
      const lr = 0.01 / (t + 1);
      opt.step(arena, state, { lr });
      ref.step(p, [g], rs, { lr });
    }
    const a = arena.values.read();
    p[0]!.forEach((e, i) => expect(Math.abs(a[i]! - e)).toBeLessThan(1e-6));
    expect(() => opt.step(arena, state, { lr: -1 })).toThrow(/adam.step: lr must be >= 0, got -1/);
  });
  it('non-finite gradients are reported per group, and skipNonFinite leaves params and state untouched', () => {
    const arena = arenaWith([4, 5]);
    const opt = adam({ lr: 0.1 });
    const state = opt.init(arena, [{ params: [0] }, { params: [1] }]);
    arena.grads.write([1, 1, 1, 1, 1, NaN, Infinity, 1, -Infinity]);
    const before = arena.values.read();
    const skipped = opt.step(arena, state, { skipNonFinite: true });
    expect(skipped).toEqual({ step: 0, skipped: true, nonFinite: [{ group: 1, count: 3 }], nonFiniteParams: [] });
    expect(Array.from(arena.values.read())).toEqual(Array.from(before));
    expect(Array.from(state.slots['expAvg']!.read())).toEqual(new Array(9).fill(0));
    expect(state.step).toBe(0);
    const info = opt.step(arena, state);
    expect(info).toEqual({ step: 1, skipped: false, nonFinite: [{ group: 1, count: 3 }], nonFiniteParams: [1] });
    expect(Number.isNaN(arena.values.read()[5])).toBe(true);
    arena.grads.fill(1);
    expect(opt.step(arena, state, { skipNonFinite: true })).toEqual({ step: 2, skipped: false, nonFinite: [], nonFiniteParams: [1] });
  });
  it('counts non-finite gradients in the SIMD body and the scalar tail of every kernel', () => {
    const count = <O extends Hyper>(opt: Optimizer<O>) => {
      const arena = arenaWith([11]);
      const state = opt.init(arena);
      const g = new Array(11).fill(0.5);
      g[0] = NaN;
      g[5] = Infinity;
      g[10] = NaN;
      arena.grads.write(g);
      return opt.step(arena, state).nonFinite;
    };
    for (const name of OPTIMIZER_NAMES) expect(count(createOptimizer(name)), name).toEqual([{ group: 0, count: 3 }]);
    expect(count(sgd({ momentum: 0.9, nesterov: true }))).toEqual([{ group: 0, count: 3 }]);
    expect(count(adam({ amsgrad: true }))).toEqual([{ group: 0, count: 3 }]);
  });
  it('flags groups whose updated parameters are inf or NaN, in the SIMD body and the scalar tail of every kernel', () => {
    // 11 elements per group: indices 0..7 run in the four-lane body, 8..10 in the scalar tail
    const flagged = <O extends Hyper>(opt: Optimizer<O>, at: number | null) => {
      const arena = arenaWith([11, 11]);
      const state = opt.init(arena, [{ params: [0] }, { params: [1] }]);
      const p = new Array(22).fill(0.5);
      if (at !== null) p[11 + at] = Infinity;
      arena.values.write(p);
      arena.grads.fill(0.25);
      const info = opt.step(arena, state);
      expect(info.nonFinite).toEqual([]);
      return info.nonFiniteParams;
    };
    const all = [...OPTIMIZER_NAMES.map((n) => [n, createOptimizer(n)] as const), ['sgd nesterov', sgd({ momentum: 0.9, nesterov: true })] as const, ['amsgrad', adam({ amsgrad: true })] as const];
    for (const [name, opt] of all) {
      expect(flagged(opt, null), name).toEqual([]);
      expect(flagged(opt, 2), `${name} body`).toEqual([1]);
      expect(flagged(opt, 9), `${name} tail`).toEqual([1]);
    }
    // finite parameters and gradients whose update overflows f32
    const arena = arenaWith([5]);
    const opt = sgd({ lr: 3e38 });
    const state = opt.init(arena);
    arena.grads.fill(10);
    expect(opt.step(arena, state).nonFiniteParams).toEqual([0]);
  });
});
