// optim: one optimizer step over 1M and 10M parameters. descent runs ONE fused kernel call
// (ParamArena + opt.step); TensorFlow.js runs `tf.train.<rule>(...).applyGradients` on one
// variable (wasm and cpu backends); `js` is a fused plain-JS loop over Float32Arrays.
// Throughput is memory traffic: bytes read + written per element (p, g and the slots).
import { ParamArena } from '../../src/optim/param-arena.js';
import { createOptimizer } from '../../src/optim/registry.js';
import { freeState } from '../../src/optim/make-optimizer.js';
import type { OptimizerName } from '../../src/optim/types.js';
import type { BenchCase, Contender, Suite } from '../harness.js';
import { benchData, descentBuilds, loadTf, tfContender, type Tf } from '../peers.js';

type TfOptimizer = InstanceType<Tf['Optimizer']>;

interface RuleBench {
  label: string;
  name: OptimizerName;
  options: Record<string, unknown>;
  /** Bytes moved per element by a one-pass update. */
  bytes: number;
  tf: (tf: Tf) => TfOptimizer;
  /** Extra per-step tfjs work (AdamW's decoupled decay, which tfjs lacks). */
  tfExtra?: (tf: Tf, v: ReturnType<Tf['variable']>) => void;
  /** A fused plain-JS step over the arrays: p, g, then slots. */
  js: (n: number) => (p: Float32Array, g: Float32Array) => void;
}

const LR = 1e-3;

const RULES: RuleBench[] = [
  {
    label: 'adam',
    name: 'adam',
    options: { lr: LR },
    bytes: 28,
    tf: (tf) => tf.train.adam(LR, 0.9, 0.999, 1e-8),
    js: (n) => jsAdam(n, 0),
  },
  {
    label: 'adamw',
    name: 'adamw',
    options: { lr: LR, weightDecay: 1e-2 },
    bytes: 28,
    tf: (tf) => tf.train.adam(LR, 0.9, 0.999, 1e-8),
    tfExtra: (tf, v) => v.assign(tf.tidy(() => tf.mul(v, 1 - LR * 1e-2))),
    js: (n) => jsAdam(n, 1e-2),
  },
  {
    label: 'sgd-momentum',
    name: 'sgd',
    options: { lr: LR, momentum: 0.9 },
    bytes: 20,
    tf: (tf) => tf.train.momentum(LR, 0.9),
    js: (n) => {
      const buf = new Float32Array(n);
      return (p, g) => {
        for (let i = 0; i < n; i++) {
          const b = 0.9 * buf[i]! + g[i]!;
          buf[i] = b;
          p[i] = p[i]! - LR * b;
        }
      };
    },
  },
  {
    label: 'rmsprop',
    name: 'rmsprop',
    options: { lr: LR, alpha: 0.9 },
    bytes: 20,
    tf: (tf) => tf.train.rmsprop(LR, 0.9, 0, 1e-8, false),
    js: (n) => {
      const v = new Float32Array(n);
      return (p, g) => {
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          const vi = 0.9 * v[i]! + 0.1 * gi * gi;
          v[i] = vi;
          p[i] = p[i]! - (LR * gi) / (Math.sqrt(vi) + 1e-8);
        }
      };
    },
  },
  {
    label: 'adagrad',
    name: 'adagrad',
    options: { lr: LR, initialAccumulatorValue: 0.1 },
    bytes: 20,
    tf: (tf) => tf.train.adagrad(LR, 0.1),
    js: (n) => {
      const s = new Float32Array(n).fill(0.1);
      return (p, g) => {
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          const si = s[i]! + gi * gi;
          s[i] = si;
          p[i] = p[i]! - (LR * gi) / (Math.sqrt(si) + 1e-10);
        }
      };
    },
  },
  {
    label: 'adadelta',
    name: 'adadelta',
    options: { lr: 1, rho: 0.95, eps: 1e-6 },
    bytes: 28,
    tf: (tf) => tf.train.adadelta(1, 0.95, 1e-6),
    js: (n) => {
      const v = new Float32Array(n);
      const u = new Float32Array(n);
      return (p, g) => {
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          const vi = 0.95 * v[i]! + 0.05 * gi * gi;
          const d = (Math.sqrt(u[i]! + 1e-6) / Math.sqrt(vi + 1e-6)) * gi;
          v[i] = vi;
          u[i] = 0.95 * u[i]! + 0.05 * d * d;
          p[i] = p[i]! - d;
        }
      };
    },
  },
];

function jsAdam(n: number, wd: number): (p: Float32Array, g: Float32Array) => void {
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  let t = 0;
  return (p, g) => {
    t++;
    const step = LR / (1 - 0.9 ** t);
    const bc2 = 1 / Math.sqrt(1 - 0.999 ** t);
    const decay = 1 - LR * wd;
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = 0.9 * m[i]! + 0.1 * gi;
      const vi = 0.999 * v[i]! + 0.001 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i]! * decay - (step * mi) / (Math.sqrt(vi) * bc2 + 1e-8);
    }
  };
}

function optimCase(rule: RuleBench, n: number, tf: Tf | undefined): BenchCase {
  return {
    name: `${rule.label}-${n / 1e6}M`,
    unit: 'GB/s',
    work: (rule.bytes * n) / 1e9,
    reps: n >= 1e7 ? 7 : undefined,
    contenders: () => {
      const pData = benchData(n, 11);
      const gData = benchData(n, 12).map((x) => x * 0.01);
      const list: Contender[] = [];
      for (const [name, core] of descentBuilds()) {
        const arena = ParamArena.pack(core, [n]);
        arena.values.write(pData);
        arena.grads.write(gData);
        const opt = createOptimizer(rule.name, rule.options);
        const state = opt.init(arena);
        list.push({
          name,
          run: () => void opt.step(arena, state),
          dispose: () => {
            freeState(state);
            arena.free();
          },
        });
      }
      if (tf) {
        for (const backend of ['wasm', 'cpu'] as const) {
          list.push(
            tfContender(tf, backend, () => {
              const v = tf.variable(tf.tensor1d(pData), true, `p${backend}${n}`);
              const grad = tf.tensor1d(gData);
              const opt = rule.tf(tf);
              return {
                run: () => {
                  rule.tfExtra?.(tf, v);
                  opt.applyGradients([{ name: v.name, tensor: grad }]);
                },
                dispose: () => {
                  opt.dispose();
                  v.dispose();
                  grad.dispose();
                },
              };
            }),
          );
        }
      }
      const p = pData.slice();
      const step = rule.js(n);
      list.push({ name: 'js', run: () => step(p, gData) });
      return list;
    },
  };
}

export const optimSuite: Suite = {
  name: 'optim',
  description: 'one fused optimizer step (Adam, AdamW, SGD+momentum, RMSprop, Adagrad, Adadelta) at 1M and 10M params',
  async cases() {
    const tf = await loadTf();
    return [1e6, 1e7].flatMap((n) => RULES.map((r) => optimCase(r, n, tf)));
  },
};
