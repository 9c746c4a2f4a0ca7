// Where does one descent MLP training step spend its time? Wraps every backend method with a
// timer (kernel time incl. its thin JS wrapper) and reports, per method, calls and ms per step;
// what is left of the step is autodiff's own JS (tape, shapes, closures, tidy).
// With --cpu, a V8 CPU profile of the timed steps lists the functions by self time (JS and WASM).
// Usage: node --conditions=source [--experimental-wasm-relaxed-simd] --import tsx bench/profile.ts [mlp|cnn] [steps] [--cpu] [--relaxed]
import { Session } from 'node:inspector';
import { loadCoreSync, type MatmulParams } from '@descent/optim-wasm';
import * as ad from '../src/index.js';
import { benchData } from '../../optim-wasm/bench/peers.js';
import { CNN, descentCnn, descentMlp, MLP } from './descent-models.js';

const which = process.argv[2] ?? 'mlp';
const steps = Number(process.argv[3] && !process.argv[3].startsWith('--') ? process.argv[3] : 200);
const core = loadCoreSync({ variant: process.argv.includes('--relaxed') ? 'relaxed' : 'simd' });
const backend = ad.wasmBackend(core) as unknown as Record<string, unknown>;
const stats = new Map<string, { calls: number; ms: number; flop: number }>();
const matmulKey = (p: MatmulParams) => `  matmul ${p.batch ?? 1}×${p.m}×${p.k}×${p.n}${p.transA ? ' Aᵀ' : ''}${p.transB ? ' Bᵀ' : ''}`;
const matmulFlop = (p: MatmulParams) => 2 * (p.batch ?? 1) * p.m * p.k * p.n;
let depth = 0;
for (const [name, fn] of Object.entries(backend)) {
  if (typeof fn !== 'function' || name === 'tidy') continue;
  backend[name] = function (this: unknown, ...args: unknown[]) {
    if (depth > 0) return (fn as (...a: unknown[]) => unknown).apply(this, args);
    depth++;
    const t0 = performance.now();
    try {
      return (fn as (...a: unknown[]) => unknown).apply(this, args);
    } finally {
      depth--;
      const ms = performance.now() - t0;
      for (const key of [name, ...(name === 'matmul' ? [matmulKey(args[2] as MatmulParams)] : [])]) {
        const s = stats.get(key) ?? { calls: 0, ms: 0, flop: 0 };
        s.calls++;
        s.ms += ms;
        if (key !== name) s.flop += matmulFlop(args[2] as MatmulParams);
        stats.set(key, s);
      }
    }
  };
}
const bench = which === 'cnn' ? descentCnn(core, benchData(CNN.batch * CNN.inC * CNN.hw * CNN.hw, 2)) : descentMlp(core, benchData(MLP.batch * MLP.sizes[0], 1));
for (let i = 0; i < 20; i++) bench.step();
stats.clear();
const session = process.argv.includes('--cpu') ? new Session() : undefined;
if (session) {
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
}
const t0 = performance.now();
for (let i = 0; i < steps; i++) bench.step();
const perStep = (performance.now() - t0) / steps;
if (session) printSelfTime(((await post(session, 'Profiler.stop')) as { profile: CpuProfile }).profile, steps);
const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = rows.filter(([k]) => !k.startsWith(' ')).reduce((s, [, v]) => s + v.ms, 0) / steps;
console.log(`${which}: ${perStep.toFixed(3)} ms/step over ${steps} steps; backend methods ${kernelMs.toFixed(3)} ms, the rest (autodiff JS + optimizer) ${(perStep - kernelMs).toFixed(3)} ms`);
for (const [name, v] of rows) {
  const gflops = v.flop ? `  ${(v.flop / (v.ms / 1000) / 1e9).toFixed(1).padStart(6)} GFLOP/s` : '';
  console.log(`  ${name.padEnd(30)} ${(v.calls / steps).toFixed(1).padStart(5)} calls  ${(v.ms / steps).toFixed(3).padStart(8)} ms${gflops}`);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

function post(session: Session, method: string): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, (err, res) => (err ? reject(err) : resolve(res))));
}

function printSelfTime(p: CpuProfile, steps: number): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const cf = byId.get(id)!;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url.split('/').pop()}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`cpu profile: self time per step (top 25 of ${self.size} functions)`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${(us / 1000 / steps).toFixed(3).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
}
