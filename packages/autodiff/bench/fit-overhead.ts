// Interleaved min/median times of the bare MLP step and the same step through fit (diagnostic):
// wall time, and the process's CPU time per step (user + system), which a loaded machine's
// preemption does not inflate; `pairedMedian` is the median over calls of bare ÷ fit for the two
// calls made back to back (load that drifts between pairs cancels). Usage: fit-overhead.ts [steps, default 200].
import { descentCores } from '../../optim-wasm/bench/peers.js';
import { benchData } from '../../optim-wasm/bench/peers.js';
import { descentFitMlp, descentMlp, MLP } from './descent-models.js';

const core = descentCores().simd;
const bare = descentMlp(core, benchData(MLP.batch * MLP.sizes[0], 1));
const viaFit = descentFitMlp(core, MLP.batch * 32);
const t = { bare: [] as number[], fit: [] as number[] };
const cpu = { bare: [] as number[], fit: [] as number[] };
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let i = 0; i < 20; i++) {
  bare.step();
  viaFit.step();
}
for (let r = 0; r < Number(process.argv[2] ?? 200); r++) {
  let c0 = cpuMs();
  let t0 = performance.now();
  bare.step();
  t.bare.push(performance.now() - t0);
  cpu.bare.push(cpuMs() - c0);
  c0 = cpuMs();
  t0 = performance.now();
  viaFit.step();
  t.fit.push(performance.now() - t0);
  cpu.fit.push(cpuMs() - c0);
}
const stat = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return { min: s[0]!, p10: s[Math.floor(s.length / 10)]!, median: s[s.length >> 1]! };
};
const b = stat(t.bare);
const f = stat(t.fit);
const cb = stat(cpu.bare);
const cf = stat(cpu.fit);
const r = (x: number) => Number(x.toFixed(4));
const paired = (a: number[], b: number[]) => stat(a.map((x, i) => x / b[i]!)).median;
console.log(
  JSON.stringify({
    wall: { bare: b, fit: f, ratioMin: r(b.min / f.min), ratioP10: r(b.p10 / f.p10), ratioMedian: r(b.median / f.median), pairedMedian: r(paired(t.bare, t.fit)) },
    cpu: { bare: cb, fit: cf, ratioP10: r(cb.p10 / cf.p10), ratioMedian: r(cb.median / cf.median) },
  }),
);
