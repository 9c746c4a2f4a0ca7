import { describe, expect, it } from 'vitest';
import type { Core } from '../core/core.js';
import { loadCoreSync } from '../core/loader.js';
import { DescentError } from '../errors.js';
import { ParamArena } from './param-arena.js';
import { createOptimizer } from './registry.js';
import { loadStateDict, stateDict, type StateDictJson } from './state-dict.js';
import type { OptimizerName } from './types.js';

const LENGTHS = [5, 3, 8, 1];
// Two groups with different hyper-parameters, and every rule with its stateful options on.
const SETUPS: [OptimizerName, Record<string, unknown>][] = [
  ['sgd', { lr: 0.05, momentum: 0.9, dampening: 0.1 }],
  ['sgd', { lr: 0.05, momentum: 0.9, nesterov: true, nesterovForm: 'keras' }],
  ['adagrad', { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 }],
  ['adadelta', { weightDecay: 0.01 }],
  ['rmsprop', { momentum: 0.9, centered: true }],
  ['adam', { amsgrad: true, weightDecay: 0.01 }],
  ['adamw', { lr: 0.01 }],
  ['nadam', {}],
  ['radam', {}],
  ['adamax', {}],
  // the Keras conventions, each with its state
  ['rmsprop', { momentum: 0.9, momentumForm: 'keras', epsInsideSqrt: true, weightDecay: 0.01, decoupledWeightDecay: true }],
  ['adamax', { epsOutsideMax: true, weightDecay: 0.01, decoupledWeightDecay: true }],
  ['adagrad', { initialAccumulatorValue: 0.1, epsInsideSqrt: true, weightDecay: 0.01, decoupledWeightDecay: true }],
];

function grads(step: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(step * 1.7 + i * 0.61) * (1 + (i % 3)));
}

function setup(core: Core, name: OptimizerName, options: Record<string, unknown>) {
  const arena = ParamArena.pack(core, LENGTHS, ['a', 'b', 'c', 'd']);
  arena.values.write(grads(99, arena.length).map((x) => x / 3));
  const opt = createOptimizer(name, options);
  return { arena, opt };
}

function run(arena: ParamArena, opt: ReturnType<typeof createOptimizer>, state: any, from: number, to: number) {
  for (let t = from; t < to; t++) {
    arena.grads.write(grads(t, arena.length));
    opt.step(arena, state);
  }
}

describe('stateDict / loadStateDict', () => {
  for (const [name, options] of SETUPS) {
    it(`${name} ${JSON.stringify(options)}: 20 steps straight == 10, save, load into a fresh core, 10 (bit-identical)`, () => {
      const core = loadCoreSync();
      const a = setup(core, name, options);
      const groups = [{ params: [0, 1] }, { params: [2, 3], lr: (a.opt.defaults['lr'] as number) / 2 }];
      const straight = a.opt.init(a.arena, groups);
      run(a.arena, a.opt, straight, 0, 20);

      const b = setup(core, name, options);
      const first = b.opt.init(b.arena, groups);
      run(b.arena, b.opt, first, 0, 10);
      const saved = stateDict(b.opt, first);
      const text = JSON.stringify(saved.json);
      const bytes = new Uint8Array(saved.blob.buffer.slice(0));
      const values = b.arena.values.read();

      const core2 = loadCoreSync();
      const c = setup(core2, name, options);
      c.arena.values.write(values);
      const resumed = loadStateDict(c.opt, c.arena, { json: JSON.parse(text), blob: bytes });
      expect(resumed.step).toBe(10);
      run(c.arena, c.opt, resumed, 10, 20);

      expect(Array.from(c.arena.values.read())).toEqual(Array.from(a.arena.values.read()));
      const s1 = stateDict(a.opt, straight);
      const s2 = stateDict(c.opt, resumed);
      expect(s2.json).toEqual(s1.json);
      expect(Array.from(s2.blob)).toEqual(Array.from(s1.blob));
    });
  }

  it('the Keras switches travel in the param groups: a default optimizer loading the dict continues the Keras rule', () => {
    const core = loadCoreSync();
    const keras = { lr: 0.01, momentum: 0.9, momentumForm: 'keras', weightDecay: 0.05, decoupledWeightDecay: true };
    const a = setup(core, 'rmsprop', keras);
    const straight = a.opt.init(a.arena);
    run(a.arena, a.opt, straight, 0, 6);
    const b = setup(core, 'rmsprop', keras);
    const first = b.opt.init(b.arena);
    run(b.arena, b.opt, first, 0, 3);
    const saved = stateDict(b.opt, first);
    expect(saved.json.param_groups[0]).toMatchObject({ momentum_form: 'keras', decoupled_weight_decay: true, weight_decay: 0.05 });
    const plain = setup(core, 'rmsprop', {});
    plain.arena.values.write(b.arena.values.read());
    const resumed = loadStateDict(plain.opt, plain.arena, { json: JSON.parse(JSON.stringify(saved.json)), blob: saved.blob });
    run(plain.arena, plain.opt, resumed, 3, 6);
    expect(Array.from(plain.arena.values.read())).toEqual(Array.from(a.arena.values.read()));
  });

  it('uses PyTorch index-based layout and names', () => {
    const core = loadCoreSync();
    const { arena, opt } = setup(core, 'adam', { amsgrad: true });
    const state = opt.init(arena);
    run(arena, opt, state, 0, 2);
    const { json, blob } = stateDict(opt, state);
    expect(json.param_groups).toEqual([
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, decoupled_weight_decay: false, amsgrad: true, maximize: false, eps_hat: false, params: [0, 1, 2, 3], arena_params: [0, 1, 2, 3] },
    ]);
    expect(Object.keys(json.state)).toEqual(['0', '1', '2', '3']);
    expect(Object.keys(json.state['2']!)).toEqual(['step', 'exp_avg', 'exp_avg_sq', 'max_exp_avg_sq']);
    expect(json.state['2']!['step']).toBe(2);
    expect(blob.length).toBe(3 * arena.length);
    const ref = json.state['2']!['exp_avg'] as { offset: number; length: number };
    expect(Array.from(blob.subarray(ref.offset, ref.offset + ref.length))).toEqual(Array.from(state.slots['expAvg']!.read().subarray(8, 16)));
  });

  it('SGD before the first step has no momentum_buffer, as PyTorch; loading it keeps the first-step rule', () => {
    const core = loadCoreSync();
    const { arena, opt } = setup(core, 'sgd', { momentum: 0.9, dampening: 0.5, lr: 0.1 });
    const fresh = opt.init(arena);
    const dict = stateDict(opt, fresh);
    expect(dict.json.state['0']).toEqual({ step: 0 });
    const loaded = loadStateDict(opt, arena, dict);
    arena.grads.write(grads(0, arena.length));
    const before = arena.values.read();
    opt.step(arena, loaded);
    // first step: buf = g (no dampening), p -= lr*g, in f32 arithmetic
    const after = arena.values.read();
    const g = arena.grads.read();
    for (let i = 0; i < after.length; i++) expect(after[i]).toBe(Math.fround(before[i]! + Math.fround(Math.fround(-0.1) * g[i]!)));
  });

  it('accepts inline tensors (a dict converted from PyTorch) and rejects mismatches by name', () => {
    const core = loadCoreSync();
    const arena = ParamArena.pack(core, [2]);
    const opt = createOptimizer('adam', {});
    const json = {
      state: { 0: { step: 3, exp_avg: [0.1, 0.2], exp_avg_sq: [0.01, 0.04] } },
      param_groups: [{ lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, fused: null, params: [0] }],
    };
    const state = loadStateDict(opt, arena, { json });
    expect(state.step).toBe(3);
    expect(state.groups[0]!.options.lr).toBe(0.01);
    expect(Array.from(state.slots['expAvgSq']!.read())).toEqual([0.01, 0.04].map(Math.fround));
    const bad = { ...json, state: { 0: { step: 3, exp_avg: [0.1], exp_avg_sq: [0.01, 0.04] } } };
    expect(() => loadStateDict(opt, arena, { json: bad })).toThrow(/exp_avg has 1 values, parameter 0 has 2/);
    expect(() => loadStateDict(createOptimizer('sgd'), arena, { json: { ...json, optimizer: 'adam' } as unknown as StateDictJson })).toThrow(
      /saved by adam/,
    );
    expect(() => loadStateDict(opt, arena, { json: { ...json, format: 'descent-optim-state/2' } as unknown as StateDictJson })).toThrow(
      'loadStateDict(adam): format "descent-optim-state/2" is not descent-optim-state/1',
    );
    const missing = { ...json, state: { 0: { step: 3, exp_avg: [0.1, 0.2] } } };
    expect(() => loadStateDict(opt, arena, { json: missing })).toThrow(DescentError);
  });
});
