// npm start: minimise Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)² from (−1.5, 2) with Adam and
// a few other rules side by side, each on the WASM core (one fused kernel call per step).
// The minimum is f(1, 1) = 0, at the end of a long curved valley.
import { loadCoreSync } from '../core/loader.js';
import { ParamArena } from '../optim/param-arena.js';
import { adam, adamw } from '../optim/adam.js';
import { nadam } from '../optim/nadam.js';
import { rmsprop } from '../optim/rmsprop.js';
import { sgd } from '../optim/sgd.js';
import { freeState } from '../optim/make-optimizer.js';
import type { Hyper, Optimizer } from '../optim/types.js';

const START: [number, number] = [-1.5, 2];
const STEPS = 5000;
const REPORT = [0, 10, 100, 500, 1000, 2000, 3000, 4000, 5000];

const f = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
const grad = (x: number, y: number): [number, number] => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];

interface Run {
  label: string;
  trace: Map<number, [number, number, number]>;
  ms: number;
}

const core = loadCoreSync();

function minimise<O extends Hyper>(label: string, opt: Optimizer<O>): Run {
  const arena = ParamArena.pack(core, [2], ['xy']);
  arena.value(0).write(START);
  const state = opt.init(arena);
  const trace = new Map<number, [number, number, number]>();
  const t0 = performance.now();
  for (let k = 0; k <= STEPS; k++) {
    const xy = arena.value(0).read();
    const x = xy[0]!;
    const y = xy[1]!;
    if (REPORT.includes(k)) trace.set(k, [x, y, f(x, y)]);
    if (k === STEPS) break;
    arena.grad(0).write(grad(x, y));
    opt.step(arena, state);
  }
  freeState(state);
  arena.free();
  return { label, trace, ms: performance.now() - t0 };
}

const runs = [
  minimise('Adam lr=0.02', adam({ lr: 0.02 })),
  minimise('AdamW lr=0.02 wd=1e-4', adamw({ lr: 0.02, weightDecay: 1e-4 })),
  minimise('NAdam lr=0.02', nadam({ lr: 0.02 })),
  minimise('RMSprop lr=1e-3', rmsprop({ lr: 1e-3 })),
  minimise('SGD lr=1e-4 momentum=0.9', sgd({ lr: 1e-4, momentum: 0.9 })),
];

const fmt = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2)).padStart(10);
console.log(`Rosenbrock (1 − x)² + 100(y − x²)² from (${START.join(', ')}); minimum f(1, 1) = 0\n`);
for (const r of runs) {
  console.log(`${r.label}  (${STEPS} steps in ${r.ms.toFixed(0)} ms)`);
  console.log(`  ${'step'.padStart(5)} ${'x'.padStart(10)} ${'y'.padStart(10)} ${'loss'.padStart(10)}`);
  for (const [k, [x, y, loss]] of r.trace) console.log(`  ${String(k).padStart(5)} ${fmt(x)} ${fmt(y)} ${fmt(loss)}`);
  console.log('');
}
console.log('final:');
for (const r of runs) {
  const [x, y, loss] = r.trace.get(STEPS)!;
  console.log(`  ${r.label.padEnd(26)} (x, y) = (${x.toFixed(5)}, ${y.toFixed(5)})  loss = ${loss.toExponential(3)}`);
}
