// matmul: AB, AᵀB and ABᵀ at 64–1024 square and 128×784×256 (an MLP layer: batch 128, 784 in,
// 256 out). B is FRESH every call (uploaded anew, as weights change every training step), so no
// contender can reuse a packed or cached copy of it. Unit: GFLOP/s = 2·m·k·n / time.
import { matmulKernels } from '../../src/kernels/matmul.js';
import type { MatmulParams } from '../../src/backend/backend.js';
import type { BenchCase, Contender, Suite } from '../harness.js';
import { benchData, descentBuilds, loadTf, tfContender } from '../peers.js';

const SHAPES: [number, number, number][] = [
  [64, 64, 64],
  [128, 128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [1024, 1024, 1024],
  [128, 784, 256],
];
const VARIANTS = [
  { name: 'AB', transA: false, transB: false },
  { name: 'AtB', transA: true, transB: false },
  { name: 'ABt', transA: false, transB: true },
];
/** The slow peers (tfjs-cpu, plain JS: ~1 GFLOP/s) only run up to this many multiply-adds. */
const SLOW_LIMIT = 128 * 784 * 256;

/** C = op(A)·op(B) in plain JS, the loop a user would write (row-major, i-p-j order). */
function jsMatmul(a: Float32Array, b: Float32Array, c: Float32Array, p: Required<Pick<MatmulParams, 'm' | 'k' | 'n' | 'transA' | 'transB'>>): void {
  const { m, k, n } = p;
  const [ai, ap] = p.transA ? [1, m] : [k, 1];
  const [bp, bj] = p.transB ? [1, k] : [n, 1];
  c.fill(0);
  for (let i = 0; i < m; i++) {
    for (let q = 0; q < k; q++) {
      const av = a[i * ai + q * ap]!;
      const row = i * n;
      for (let j = 0; j < n; j++) c[row + j]! += av * b[q * bp + j * bj]!;
    }
  }
}

/** Spot-check a contender's output against f64 dot products (catches a broken build). */
function spotCheck(out: Float32Array, a: Float32Array, b: Float32Array, p: Required<Pick<MatmulParams, 'm' | 'k' | 'n' | 'transA' | 'transB'>>, who: string): void {
  const { m, k, n } = p;
  for (const [i, j] of [[0, 0], [m - 1, n - 1], [m >> 1, n >> 2], [m >> 2, n - 1]] as const) {
    let s = 0;
    for (let q = 0; q < k; q++) s += a[p.transA ? q * m + i : i * k + q]! * b[p.transB ? j * k + q : q * n + j]!;
    if (Math.abs(out[i * n + j]! - s) > 1e-3 * Math.sqrt(k)) throw new Error(`bench: ${who} matmul is wrong at (${i}, ${j}): ${out[i * n + j]} vs ${s}`);
  }
}

export const matmulSuite: Suite = {
  name: 'matmul',
  description: 'f32 matrix products AB, AᵀB, ABᵀ with a fresh B each call',
  async cases() {
    const tf = await loadTf();
    const cases: BenchCase[] = [];
    for (const [m, k, n] of SHAPES) {
      for (const v of VARIANTS) {
        const p = { m, k, n, transA: v.transA, transB: v.transB };
        const aShape = v.transA ? [k, m] : [m, k];
        const bShape = v.transB ? [n, k] : [k, n];
        const label = m === k && k === n ? `${m}` : `${m}x${k}x${n}`;
        const flops = 2 * m * k * n;
        cases.push({
          name: `${v.name}-${label}`,
          unit: 'GFLOP/s',
          work: flops / 1e9,
          reps: flops > 1e9 ? 5 : undefined,
          contenders: () => {
            const aData = benchData(m * k, 1);
            const bData = benchData(k * n, 2);
            const list: Contender[] = [];
            for (const [name, core] of descentBuilds()) {
              const { matmul } = matmulKernels(core);
              const a = core.fromArray(aData, true);
              const b = core.fromArray(bData, true);
              spotCheck(core.tidy(() => matmul(a, b, p).read()), aData, bData, p, name);
              list.push({
                name,
                run: () =>
                  core.tidy(() => {
                    b.write(bData); // fresh weights every call
                    matmul(a, b, p);
                  }),
                dispose: () => {
                  a.free();
                  b.free();
                },
              });
            }
            if (tf) {
              const backends: ('wasm' | 'cpu')[] = m * k * n <= SLOW_LIMIT ? ['wasm', 'cpu'] : ['wasm'];
              for (const backend of backends) {
                list.push(
                  tfContender(tf, backend, () => {
                    const a = tf.tensor(aData, aShape);
                    const check = tf.tensor(bData, bShape);
                    const c = tf.matMul(a, check, v.transA, v.transB);
                    spotCheck(c.dataSync() as Float32Array, aData, bData, p, `tfjs-${backend}`);
                    c.dispose();
                    check.dispose();
                    return {
                      run: () => {
                        const b = tf.tensor(bData, bShape);
                        tf.matMul(a, b, v.transA, v.transB).dispose();
                        b.dispose();
                      },
                      dispose: () => a.dispose(),
                    };
                  }),
                );
              }
            }
            if (m * k * n <= SLOW_LIMIT) {
              const b = new Float32Array(k * n);
              const c = new Float32Array(m * n);
              list.push({
                name: 'js',
                run: () => {
                  b.set(bData);
                  jsMatmul(aData, b, c, p);
                },
              });
            }
            return list;
          },
        });
      }
    }
    return cases;
  },
};
