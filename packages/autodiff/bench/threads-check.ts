// The kernel-threads goals in one process, contenders interleaved (a benchmark: never part of
// `npm test`): the MNIST-size step (784-256-256-10 ReLU, Adam, batch 128) on descent,
// descent-t2, descent-fast, descent-fast-t2 (wall steps/s, CPU ms per step over all threads,
// WASM memory drift), and the two-moons step (2-32-32-2 tanh, SGD momentum, batch 16) on a
// one-thread core against a two-thread core (its kernels are below the split thresholds).
// cd packages/autodiff && node --conditions=source --experimental-wasm-relaxed-simd --import tsx bench/threads-check.ts [samples]
import { loadCoreSync, Rng, sgd, type Core } from '@descent/optim-wasm';
import * as ad from '../src/index.js';
import { benchData, descentBuilds } from '../../optim-wasm/bench/peers.js';
import { descentMlp, MLP } from './descent-models.js';

const SAMPLES = Number(process.argv[2] ?? 9);
const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

/** Interleaved samples of `calls` steps each: [wall ms per step, CPU ms per step] per contender. */
function measure(runs: [string, () => unknown][], calls: number): Map<string, { wall: number[]; cpu: number[] }> {
  const out = new Map(runs.map(([n]) => [n, { wall: [] as number[], cpu: [] as number[] }]));
  for (const [, f] of runs) for (let i = 0; i < calls; i++) f();
  for (let r = 0; r < SAMPLES; r++) {
    for (const [n, f] of runs) {
      const u = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < calls; i++) f();
      const d = process.cpuUsage(u);
      out.get(n)!.wall.push((performance.now() - t) / calls);
      out.get(n)!.cpu.push((d.user + d.system) / 1000 / calls);
    }
  }
  return out;
}

function moonsStep(core: Core): () => unknown {
  const backend = ad.wasmBackend(core);
  const o = { rng: new Rng(0), backend };
  const model = new ad.Sequential(new ad.Linear(2, 32, o), new ad.Tanh(), new ad.Linear(32, 32, o), new ad.Tanh(), new ad.Linear(32, 2, o));
  const arena = ad.packModule(model, core);
  const opt = sgd({ lr: 0.1, momentum: 0.9 });
  const state = opt.init(arena);
  const x = ad.tensor(benchData(32, 5), { shape: [16, 2], backend });
  const y = Array.from({ length: 16 }, (_, i) => i % 2);
  return () =>
    ad.tidy(() => {
      arena.zeroGrad();
      ad.crossEntropy(model.forward(x), y).backward();
      opt.step(arena, state);
    }, backend);
}

const x = benchData(MLP.batch * MLP.sizes[0]!, 1);
const mlp = descentBuilds().map(([n, core]) => [n, descentMlp(core, x)] as const);
const m = measure(mlp.map(([n, b]) => [n, b.step]), 10);
const base = med(m.get('descent')!.wall);
console.log(`MNIST-size MLP step, ${SAMPLES} interleaved samples of 10 steps (medians):`);
for (const [n, b] of mlp) {
  const s = m.get(n)!;
  console.log(`  ${n.padEnd(16)} ${(1000 / med(s.wall)).toFixed(1).padStart(7)} steps/s  ${(base / med(s.wall)).toFixed(2)}× descent  cpu ${med(s.cpu).toFixed(2)} ms/step  memory drift ${b.memoryDrift().drifted} steps`);
}
const moons = measure([['descent', moonsStep(loadCoreSync())], ['descent-t2', moonsStep(loadCoreSync({ threads: 2 }))]], 1000);
const [c1, c2] = [med(moons.get('descent')!.cpu), med(moons.get('descent-t2')!.cpu)];
console.log(`two-moons step: one thread ${(c1 * 1000).toFixed(1)} µs CPU, two-thread core ${(c2 * 1000).toFixed(1)} µs CPU: ${(c1 / c2).toFixed(3)}×`);
process.exit(0);
