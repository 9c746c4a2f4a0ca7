// Range kernels on kernel threads: elementwise ops, their backward, broadcast binaries, clipping
// and every fused optimizer update give the same bits on 2, 3 and 4 threads as on one, on
// lengths that leave SIMD tails and parts of unequal size. Oracle: the single-thread core.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCore, loadCoreSync } from '../core/loader.js';
import type { Core } from '../core/core.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { ParamArena } from '../optim/param-arena.js';
import { createOptimizer } from '../optim/registry.js';
import { freeState } from '../optim/make-optimizer.js';
import type { OptimizerName } from '../optim/types.js';
import type { UnaryOp } from '../backend/backend.js';
import { Rng } from '../rng/rng.js';
import { parallelExports } from './parallel.js';

const one = loadCoreSync();
const threaded = await Promise.all([2, 3, 4].map((threads) => loadCore({ threads })));
for (const c of threaded) c.pool!.thresholds.elements = 0; // split every length, however small
afterAll(() => threaded.forEach((c) => c.close()));

const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));
const LENGTHS = [1, 63, 64, 65, 200, 1031];

function data(seed: number, n: number, scale = 3): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));
}

/** The same computation on every core; returns its bits per core. */
function onEvery<T>(fn: (core: Core) => T): T[] {
  return [one, ...threaded].map(fn);
}

describe('range kernels are bit-identical for any thread count', () => {
  it('a core without threads keeps its plain exports', () => {
    expect(parallelExports(one)).toBe(one.exports);
  });

  const unary: UnaryOp[] = ['exp', 'log', 'tanh', 'sigmoid', 'relu', 'gelu', 'sqrt', 'sin', 'softplus'];
  it('unary, unaryBackward, binary (equal shapes and broadcast scalars), binaryScalar', () => {
    for (const n of LENGTHS) {
      const results = onEvery((core) => {
        const be = createWasmBackend(core);
        return core.tidy(() => {
          const x = core.fromArray(data(n, n));
          const y = core.fromArray(data(n + 1, n));
          const s = core.fromArray([0.75]);
          const out: number[][] = [];
          for (const op of unary) {
            const fx = be.unary(op, op === 'log' || op === 'sqrt' ? be.unary('abs', x) : x);
            out.push(bits(fx.read()), bits(be.unaryBackward(op, x, fx, y).read()));
          }
          out.push(bits(be.binary('mul', x, [n], y, [n]).read()));
          out.push(bits(be.binary('div', s, [1], y, [n]).read()));
          out.push(bits(be.binary('pow', x, [n], s, [1]).read()));
          out.push(bits(be.binaryScalar('sub', x, 1.25, true).read()));
          return out;
        });
      });
      for (const r of results.slice(1)) expect(r).toEqual(results[0]);
    }
  });

  const OPTIONS: Record<OptimizerName, Record<string, unknown>> = {
    sgd: { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
    adagrad: { lr: 0.05, lrDecay: 0.01, weightDecay: 0.01 },
    adadelta: { lr: 1, weightDecay: 0.01 },
    rmsprop: { lr: 0.01, momentum: 0.9, centered: true, weightDecay: 0.01 },
    adam: { lr: 0.01, amsgrad: true, weightDecay: 0.01 },
    adamw: { lr: 0.01 },
    nadam: { lr: 0.01, decoupledWeightDecay: true, weightDecay: 0.01 },
    radam: { lr: 0.01, weightDecay: 0.01 },
    adamax: { lr: 0.01, weightDecay: 0.01 },
  };
  for (const name of Object.keys(OPTIONS) as OptimizerName[]) {
    it(`${name}: fused updates with gradient clipping over several steps and groups`, () => {
      const lengths = [1031, 65, 3];
      const results = onEvery((core) => {
        const opt = createOptimizer(name, OPTIONS[name]);
        const arena = ParamArena.pack(core, lengths);
        const state = opt.init(arena);
        try {
          lengths.forEach((n, i) => arena.value(i).write(data(10 + i, n, 1)));
          for (let t = 0; t < 6; t++) {
            lengths.forEach((n, i) => arena.grad(i).write(data(100 * t + i, n, 2)));
            // a non-finite gradient is counted identically however the range is split
            if (t === 5) arena.grad(0).write([Number.NaN, Number.POSITIVE_INFINITY]);
            // an inf parameter in the last part (the last thread's range) is flagged all the same
            if (t === 4) arena.value(0).write([Number.POSITIVE_INFINITY], 1030);
            const info = opt.step(arena, state);
            if (t === 5) expect(info.nonFinite).toEqual([{ group: 0, count: 2 }]);
            expect(info.nonFiniteParams).toEqual(t >= 4 ? [0] : []);
          }
          return lengths.map((_, i) => bits(arena.value(i).read()));
        } finally {
          freeState(state);
          arena.free();
        }
      });
      for (const r of results.slice(1)) expect(r).toEqual(results[0]);
    });
  }
});
