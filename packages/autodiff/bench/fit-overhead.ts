// Interleaved min/median times of the bare MLP step and the same step through fit (diagnostic).
import { descentCores } from '../../optim-wasm/bench/peers.js';
import { benchData } from '../../optim-wasm/bench/peers.js';
import { descentFitMlp, descentMlp, MLP } from './descent-models.js';

const core = descentCores().simd;
const bare = descentMlp(core, benchData(MLP.batch * MLP.sizes[0], 1));
const viaFit = descentFitMlp(core, MLP.batch * 32);
const t = { bare: [] as number[], fit: [] as number[] };
for (let i = 0; i < 20; i++) {
  bare.step();
  viaFit.step();
}
for (let r = 0; r < Number(process.argv[2] ?? 200); r++) {
  let t0 = performance.now();
  bare.step();
  t.bare.push(performance.now() - t0);
  t0 = performance.now();
  viaFit.step();
  t.fit.push(performance.now() - t0);
}
const stat = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return { min: s[0]!, p10: s[Math.floor(s.length / 10)]!, median: s[s.length >> 1]! };
};
const b = stat(t.bare);
const f = stat(t.fit);
console.log(JSON.stringify({ bare: b, fit: f, ratioMin: b.min / f.min, ratioP10: b.p10 / f.p10, ratioMedian: b.median / f.median }));
