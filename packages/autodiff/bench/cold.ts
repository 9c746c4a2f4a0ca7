// One cold MLP training step in a fresh process (spawned by run.ts): load the engine, build the
// model and data, then time the first and second steps. Prints one JSON line.
// Usage: node --conditions=source --import tsx bench/cold.ts descent|tfjs-wasm
import { benchData, loadTf } from '../../optim-wasm/bench/peers.js';
import { MLP } from './descent-models.js';

const who = process.argv[2];
const t0 = performance.now();
const x = benchData(MLP.batch * MLP.sizes[0], 1);
let step: () => void | Promise<void>;
let loaded: number;
if (who === 'descent') {
  const { loadCoreSync } = await import('@descent/optim-wasm');
  const { descentMlp } = await import('./descent-models.js');
  const core = loadCoreSync({ variant: 'simd' });
  loaded = performance.now();
  step = descentMlp(core, x).step;
} else if (who === 'tfjs-wasm') {
  const tf = (await loadTf())!;
  await tf.setBackend('wasm');
  const { tfMlp } = await import('./tfjs-models.js');
  loaded = performance.now();
  step = tfMlp(tf, x).run;
} else throw new Error(`cold.ts: unknown contender ${who}`);
const built = performance.now();
await step();
const first = performance.now();
await step();
const second = performance.now();
console.log(JSON.stringify({ contender: who, loadMs: loaded - t0, buildMs: built - loaded, firstStepMs: first - built, secondStepMs: second - first }));
