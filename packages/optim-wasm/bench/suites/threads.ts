// threads: where splitting a kernel over two kernel threads starts to pay. Each case runs
// `descent` (one thread) against `descent-t2` with the split forced at every size (thresholds
// 0), interleaved; the crossover sets `KernelPool.thresholds`. Matmul at growing multiply-add
// counts (square, and an MLP layer's shape), the fused Adam update and a unary exp at growing
// lengths. Unit: calls/s.
import { loadCoreSync } from '../../src/core/loader.js';
import type { Core } from '../../src/core/core.js';
import { matmulKernels } from '../../src/kernels/matmul.js';
import { ParamArena } from '../../src/optim/param-arena.js';
import { createOptimizer } from '../../src/optim/registry.js';
import { freeState } from '../../src/optim/make-optimizer.js';
import { createWasmBackend } from '../../src/backend/wasm-backend.js';
import type { BenchCase, Contender, ContenderName, Suite } from '../harness.js';
import { benchData } from '../peers.js';

let pair: [ContenderName, Core][] | undefined;

/** One core per thread count; the two-thread core splits every kernel (the crossover is what is measured). */
function cores(): [ContenderName, Core][] {
  if (!pair) {
    const t2 = loadCoreSync({ threads: 2 });
    Object.assign(t2.pool!.thresholds, { matmulMacs: 0, elements: 0 });
    pair = [['descent', loadCoreSync()], ['descent-t2', t2]];
  }
  return pair;
}

const MATMULS: [number, number, number][] = [
  [16, 32, 32], [32, 32, 32], [32, 64, 64], [32, 64, 128], [64, 64, 64], [64, 128, 128], [128, 128, 128], [128, 256, 256], [128, 784, 256],
];
const LENGTHS = [4096, 16384, 65536, 262144, 1048576];

function matmulCase(m: number, k: number, n: number): BenchCase {
  return {
    name: `matmul ${m}x${k}x${n} (${m * k * n} MACs)`,
    unit: 'calls/s',
    work: 1,
    contenders: () =>
      cores().map(([name, core]): Contender => {
        const { matmul } = matmulKernels(core);
        const a = core.fromArray(benchData(m * k, 1), true);
        const b = core.fromArray(benchData(k * n, 2), true);
        return { name, run: () => core.tidy(() => void matmul(a, b, { m, k, n })), dispose: () => (a.free(), b.free()) };
      }),
  };
}

function adamCase(n: number): BenchCase {
  return {
    name: `adam step n=${n}`,
    unit: 'calls/s',
    work: 1,
    contenders: () =>
      cores().map(([name, core]): Contender => {
        const arena = ParamArena.pack(core, [n]);
        arena.grads.write(benchData(n, 3));
        const opt = createOptimizer('adam', { lr: 1e-3 });
        const state = opt.init(arena);
        return { name, run: () => void opt.step(arena, state), dispose: () => (freeState(state), arena.free()) };
      }),
  };
}

function expCase(n: number): BenchCase {
  return {
    name: `unary exp n=${n}`,
    unit: 'calls/s',
    work: 1,
    contenders: () =>
      cores().map(([name, core]): Contender => {
        const be = createWasmBackend(core);
        const x = core.fromArray(benchData(n, 4), true);
        return { name, run: () => core.tidy(() => void be.unary('exp', x)), dispose: () => x.free() };
      }),
  };
}

export const threadsSuite: Suite = {
  name: 'threads',
  description: 'one thread vs two kernel threads (split forced) at growing sizes: the split thresholds',
  cases: () => [...MATMULS.map(([m, k, n]) => matmulCase(m, k, n)), ...LENGTHS.map(adamCase), ...LENGTHS.map(expCase)],
};
