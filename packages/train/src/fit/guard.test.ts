import { describe, expect, it } from 'vitest';
import { nadam, Rng } from '@descent/optim-wasm';
import { blobs } from '../data/synthetic.js';
import { mlp } from '../models/mlp.js';
import { fit } from './fit.js';
import type { FitContext } from './types.js';

const data = blobs({ n: 120, centers: 3, std: 0.6, features: 4, rng: 5 });
const net = () => mlp({ inputs: 4, hidden: [8], outputs: 3, rng: new Rng(11) });

/** Parameters, every slot buffer, the step count and the group scalars, copied. */
function stateOf(ctx: Pick<FitContext, 'arena' | 'optimizerState'>) {
  const s = ctx.optimizerState;
  return {
    values: [...ctx.arena.values.read()],
    slots: Object.fromEntries(Object.entries(s.slots).map(([k, b]) => [k, [...b.read()]])),
    step: s.step,
    scalars: s.groups.map((g) => ({ ...g.scalars })),
  };
}

describe('fit guardParameters', () => {
  it('an overflowing update mid-training is undone bit-exactly: parameters, NAdam slots, step and muProduct', () => {
    // lr 1e39 is inf in f32: the 6th update makes every parameter with a gradient inf/NaN
    const schedule = (step: number) => (step === 5 ? 1e39 : 0.01);
    const after: ReturnType<typeof stateOf>[] = [];
    const r = fit(net(), data, {
      optimizer: nadam({ lr: 0.01 }),
      schedule,
      epochs: 3,
      batchSize: 20,
      seed: 4,
      callbacks: [{ onBatchEnd: (ctx) => void after.push(stateOf(ctx)) }],
    });
    expect(r.stopReason).toBe('non-finite-parameters');
    expect(r.steps).toBe(5);
    expect(r.error!.message).toMatch(/batch 6 \(counted from 1; after 5 steps, lr 1e\+39\).*was undone; parameters and optimizer state are kept from step 5/);
    const kept = stateOf({ arena: r.arena, optimizerState: r.optimizerState });
    expect(kept).toEqual(after[4]);
    expect(kept.scalars[0]!['muProduct']).not.toBe(1); // NAdam's running product was really restored, not reset
  });

  it('after the restore, training resumes exactly as a run that never saw the bad step', () => {
    const bad = net();
    const r1 = fit(bad, data, { optimizer: nadam({ lr: 0.01 }), schedule: (s) => (s === 3 ? 1e39 : 0.01), epochs: 1, batchSize: 20, seed: 4 });
    expect(r1.steps).toBe(3);
    const good = net();
    const r2 = fit(good, data, { optimizer: nadam({ lr: 0.01 }), epochs: 1, batchSize: 20, seed: 4, callbacks: [{ onBatchEnd: (ctx) => ctx.step === 3 && ctx.stop('three steps') }] });
    expect(r2.steps).toBe(3);
    expect(stateOf({ arena: r1.arena, optimizerState: r1.optimizerState })).toEqual(stateOf({ arena: r2.arena, optimizerState: r2.optimizerState }));
    // both continue from their kept state for another epoch: bit-identical
    const more = (m: ReturnType<typeof net>, st: typeof r1.optimizerState) =>
      fit(m, data, { optimizer: nadam({ lr: 0.01 }), optimizerState: st, epochs: 1, batchSize: 20, seed: 5 });
    const a = more(bad, r1.optimizerState);
    const b = more(good, r2.optimizerState);
    expect(a.history).toEqual(b.history);
    expect([...a.arena.values.read()]).toEqual([...b.arena.values.read()]);
  });

  it('an optimizer that does not report nonFiniteParams is still guarded: fit scans the parameters itself', () => {
    // the built-in optimizers flag non-finite new parameters in the update's own pass; this one hides it
    const base = nadam({ lr: 0.01 });
    const silent: typeof base = { ...base, step: (arena, state, o) => ({ ...base.step(arena, state, o), nonFiniteParams: undefined }) };
    const run = (optimizer: typeof base) => fit(net(), data, { optimizer, schedule: (s) => (s === 3 ? 1e39 : 0.01), epochs: 1, batchSize: 20, seed: 4 });
    const flagged = run(base);
    const scanned = run(silent);
    expect(scanned.stopReason).toBe('non-finite-parameters');
    expect(scanned.steps).toBe(3);
    expect(scanned.error!.message).toBe(flagged.error!.message);
    expect([...scanned.arena.values.read()]).toEqual([...flagged.arena.values.read()]);
    expect(scanned.arena.values.read().every(Number.isFinite)).toBe(true);
  });

  it('the guard changes nothing when every step is finite (same history and parameters on and off)', () => {
    const run = (guardParameters: boolean) => {
      const r = fit(net(), data, { optimizer: nadam({ lr: 0.02 }), epochs: 3, batchSize: 16, seed: 1, guardParameters });
      return { history: r.history, values: [...r.arena.values.read()] };
    };
    expect(run(true)).toEqual(run(false));
  });
});
