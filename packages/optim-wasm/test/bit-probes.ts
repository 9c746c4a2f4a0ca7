// The same computations, run in Node and in a browser Web Worker: their results must agree to the bit.
// Everything stochastic comes from one seed; everything numeric runs in the shared .wasm, or in
// the portable transcendental functions (engines' own Math.sin/cos differ in the last bit).
import type { Core } from '../src/core/core.js';
import { createWasmBackend } from '../src/backend/wasm-backend.js';
import { portableCos, portableExp, portableLog, portablePow, portableSin } from '../src/math/portable.js';
import { Rng } from '../src/rng/index.js';
import { adam, ParamArena } from '../src/optim/index.js';

export function runProbes(core: Core, seed: number): Record<string, number[]> {
  const be = createWasmBackend(core);
  const rng = new Rng(seed);
  const out: Record<string, number[]> = {};
  core.tidy(() => {
    const a = rng.fork('a').fillNormal(core.alloc(37 * 29), 0, 1);
    const b = rng.fork('b').fillUniform(core.alloc(29 * 23), -1, 1);
    out.normal = [...a.read()];
    out.uniform = [...b.read()];
    out.bernoulli = [...rng.fork('mask').fillBernoulli(core.alloc(101), 0.7, 1 / 0.7).read()];
    out.permutation = [...rng.fork('perm').permutation(50)];
    const c = be.matmul(a, b, { m: 37, k: 29, n: 23 });
    out.matmul = [...c.read()];
    out.matmulAtB = [...be.matmul(a, a, { m: 29, k: 37, n: 29, transA: true }).read()];
    out.gelu = [...be.unary('gelu', c).read()];
    out.tanh = [...be.unary('tanh', c).read()];
    out.exp = [...be.unary('exp', c).read()];
    out.logSoftmax = [...be.logSoftmax(c, 37, 23).read()];
    const targets = new Int32Array(37).map((_, i) => (i * 7) % 23);
    const ce = be.softmaxCrossEntropy(c, targets, 37, 23, 0.1);
    out.ceLoss = [...ce.loss.read()];
    out.ceGrad = [...ce.grad.read()];
    out.sum = [...be.reduce('sum', c, [37, 23], [0]).read()];
    return undefined;
  });
  // Ten fused Adam steps on a small arena with seeded gradients.
  const arena = ParamArena.pack(core, [13, 8]);
  rng.fork('init').fillNormal(arena.values, 0, 0.5);
  const opt = adam({ lr: 0.01, weightDecay: 0.01, amsgrad: true });
  const state = opt.init(arena);
  const gr = rng.fork('grads');
  for (let t = 0; t < 10; t++) {
    gr.fillNormal(arena.grads, 0, 1);
    opt.step(arena, state);
  }
  out.adam = [...arena.values.read()];
  // f64 draws and transcendental values computed in JavaScript, on arguments where engines' Math differ
  const draws = rng.fork('f64');
  out.scalarNormal = Array.from({ length: 200 }, () => draws.normal());
  out.beta = Array.from({ length: 50 }, () => draws.beta(0.4, 0.4));
  const xs = Array.from({ length: 500 }, (_, i) => (i - 250) * 0.0731 + draws.uniform53());
  out.sin = xs.map(portableSin);
  out.cos = xs.map(portableCos);
  out.exp = xs.map(portableExp);
  out.log = xs.map((x) => portableLog(Math.abs(x) + 1e-3));
  out.pow = xs.map((x, i) => portablePow(Math.abs(x) + 0.5, i % 2 ? 2.7 : -3));
  out.biasCorrection = Array.from({ length: 500 }, (_, t) => 1 - portablePow(0.999, t + 1));
  return out;
}
