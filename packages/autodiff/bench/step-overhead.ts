// Per-step JS overhead of the lecture's small models (diagnostic, not part of npm test):
// `fit` on the digits MLP 64-128-10 ReLU (Adam 1e-3, batch 32) and the two-moons MLP 2-32-32-2
// tanh (SGD lr 0.1 momentum 0.9, batch 16). Per model: µs per step (wall and process CPU),
// young-generation collections and JS heap bytes allocated per step (v8's GCProfiler: used-size
// growth plus what each collection reclaimed), medians (and the minimum CPU) over rounds; and a hash of the final
// parameters, which bookkeeping work must never change.
// Runs the built packages (dist), as the CLI does: `npm run build` first. `--baseline DIR` also
// runs another checkout's built packages (e.g. a worktree of main), interleaved in this process.
// Usage: node --import tsx bench/step-overhead.ts [--rounds 7] [--scale 1] [--baseline DIR]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GCProfiler, getHeapStatistics } from 'node:v8';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, scale: { type: 'string', default: '1' }, baseline: { type: 'string' } } });
const rounds = Number(values.rounds);
const scale = Number(values.scale);

type Optim = typeof import('@descent/optim-wasm');
type Train = typeof import('../../train/src/node.js');

interface Build {
  label: string;
  optim: Optim;
  train: Train;
}

async function loadBuild(label: string, root: string): Promise<Build> {
  const url = (p: string) => pathToFileURL(resolve(root, p)).href;
  const optim = (await import(url('packages/optim-wasm/dist/esm/index.js'))) as Optim;
  const train = (await import(url('packages/train/dist/esm/node.js'))) as Train;
  return { label, optim, train };
}

interface Case {
  name: string;
  digits: boolean;
  hidden: number[];
  activation: 'relu' | 'tanh';
  batchSize: number;
  epochs: number;
}

const cases: Case[] = [
  { name: 'digits 64-128-10 relu adam b32', digits: true, hidden: [128], activation: 'relu', batchSize: 32, epochs: Math.max(1, Math.round(10 * scale)) },
  { name: 'moons 2-32-32-2 tanh sgd-m b16', digits: false, hidden: [32, 32], activation: 'tanh', batchSize: 16, epochs: Math.max(1, Math.round(20 * scale)) },
];

/** One fit from a fresh model; the FNV-1a hash of the final parameters' bits. */
function run(b: Build, c: Case, seed: number): { steps: number; hash: string } {
  const { optim, train } = b;
  optim.setDefaultCore(coreOf(b));
  const data = dataOf(b, c);
  const model = train.mlp({ inputs: data.features, hidden: c.hidden, outputs: data.classes ?? 2, activation: c.activation, rng: new optim.Rng(seed) });
  const optimizer = c.digits ? optim.adam({ lr: 1e-3 }) : optim.sgd({ lr: 0.1, momentum: 0.9 });
  const r = train.fit(model, data, { optimizer, epochs: c.epochs, batchSize: c.batchSize, seed });
  if (r.error) throw r.error;
  const flat = r.arena.values.view();
  let h = 0x811c9dc5;
  const u = new Uint32Array(flat.buffer, flat.byteOffset, flat.length);
  for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i]!, 0x01000193) >>> 0;
  r.arena.free();
  return { steps: r.steps, hash: h.toString(16).padStart(8, '0') };
}

const datasets = new Map<string, ReturnType<Train['moons']>>();
function dataOf(b: Build, c: Case) {
  const key = `${b.label}/${c.digits}`;
  let d = datasets.get(key);
  if (!d) datasets.set(key, (d = c.digits ? b.train.loadDigits() : b.train.moons({ n: 1000, noise: 0.2, rng: 0 })));
  return d;
}

const cores = new Map<Build, ReturnType<Optim['loadCoreSync']>>();
function coreOf(b: Build) {
  let c = cores.get(b);
  if (!c) cores.set(b, (c = b.optim.loadCoreSync({ variant: 'simd' })));
  return c;
}

/** Collections during `fn` and the JS heap bytes it allocated (used-size growth + what each GC freed). */
function measured<T>(fn: () => T): { value: T; scavenges: number; bytes: number } {
  const profiler = new GCProfiler();
  profiler.start();
  const used0 = getHeapStatistics().used_heap_size;
  const value = fn();
  const used1 = getHeapStatistics().used_heap_size;
  const stats = profiler.stop()?.statistics ?? [];
  let freed = 0;
  for (const s of stats) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return { value, scavenges: stats.filter((s) => s.gcType === 'Scavenge').length, bytes: used1 - used0 + freed };
}

const builds = [await loadBuild('this', resolve(import.meta.dirname, '../../..'))];
if (values.baseline) builds.push(await loadBuild('baseline', values.baseline));
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;
type Row = { wall: number[]; cpu: number[]; scav: number[]; bytes: number[]; hash: string; steps: number };
const results = new Map<string, Row>();
for (const b of builds) for (const c of cases) run(b, c, 0); // warm-up: compile the hot paths once
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    for (const b of round % 2 ? builds.slice().reverse() : builds) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const m = measured(() => run(b, c, 1));
      const wall = performance.now() - t0;
      const cu = process.cpuUsage(c0);
      const { steps, hash } = m.value;
      const key = `${c.name} | ${b.label}`;
      const e = results.get(key) ?? { wall: [], cpu: [], scav: [], bytes: [], hash, steps };
      if (e.hash !== hash) throw new Error(`${key}: parameters differ between rounds (${e.hash} vs ${hash})`);
      e.wall.push((wall * 1000) / steps);
      e.cpu.push((cu.user + cu.system) / steps);
      e.scav.push(m.scavenges / steps);
      e.bytes.push(m.bytes / steps);
      results.set(key, e);
    }
  }
}
for (const [key, e] of results) {
  console.log(
    `${key.padEnd(44)} ${String(e.steps).padStart(5)} steps  wall ${median(e.wall).toFixed(1).padStart(6)} µs/step  cpu ${median(e.cpu).toFixed(1).padStart(6)} (min ${Math.min(...e.cpu).toFixed(1).padStart(6)}) µs/step  ` +
      `scavenges ${(median(e.scav) * 1000).toFixed(2).padStart(5)}/1000 steps  allocated ${(median(e.bytes) / 1024).toFixed(2).padStart(6)} KiB/step  params ${e.hash}`,
  );
}
