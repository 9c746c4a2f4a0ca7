// kernels: softmax cross-entropy (loss and gradient w.r.t. the logits, as a training step needs
// them) and one large elementwise op (a + b over 4M floats, memory bound).
import { softmaxKernels } from '../../src/kernels/softmax.js';
import { elementwiseKernels } from '../../src/kernels/elementwise.js';
import type { BenchCase, Contender, Suite } from '../harness.js';
import { benchData, descentBuilds, loadTf, tfContender } from '../peers.js';

function crossEntropyCase(rows: number, cols: number, tf: Awaited<ReturnType<typeof loadTf>>): BenchCase {
  return {
    name: `softmax-ce-${rows}x${cols}`,
    unit: 'Melem/s',
    work: (rows * cols) / 1e6, // logits per second
    contenders: () => {
      const logitsData = benchData(rows * cols, 3).map((v) => 4 * v);
      const targets = Int32Array.from({ length: rows }, (_, i) => (i * 7919) % cols);
      const list: Contender[] = [];
      for (const [name, core] of descentBuilds()) {
        const { softmaxCrossEntropy } = softmaxKernels(core);
        const logits = core.fromArray(logitsData, true);
        list.push({
          name,
          run: () => core.tidy(() => void softmaxCrossEntropy(logits, targets, rows, cols, 0)),
          dispose: () => logits.free(),
        });
      }
      if (tf) {
        for (const backend of ['wasm', 'cpu'] as const) {
          list.push(
            tfContender(tf, backend, () => {
              const logits = tf.tensor2d(logitsData, [rows, cols]);
              const onehot = tf.oneHot(tf.tensor1d(targets, 'int32'), cols);
              return {
                // loss_r = −Σ_c onehot·logSoftmax, grad = softmax − onehot: the fused kernel's outputs.
                run: () =>
                  tf.tidy(() => {
                    const ls = tf.logSoftmax(logits);
                    tf.neg(tf.sum(tf.mul(onehot, ls), 1));
                    tf.sub(tf.exp(ls), onehot);
                  }),
                dispose: () => {
                  logits.dispose();
                  onehot.dispose();
                },
              };
            }),
          );
        }
      }
      const loss = new Float32Array(rows);
      const grad = new Float32Array(rows * cols);
      list.push({
        name: 'js',
        run: () => {
          for (let r = 0; r < rows; r++) {
            const o = r * cols;
            let mx = -Infinity;
            for (let c = 0; c < cols; c++) mx = Math.max(mx, logitsData[o + c]!);
            let s = 0;
            for (let c = 0; c < cols; c++) s += Math.exp(logitsData[o + c]! - mx);
            const lse = mx + Math.log(s);
            loss[r] = lse - logitsData[o + targets[r]!]!;
            for (let c = 0; c < cols; c++) grad[o + c] = Math.exp(logitsData[o + c]! - lse);
            grad[o + targets[r]!]! -= 1;
          }
        },
      });
      return list;
    },
  };
}

function addCase(n: number, tf: Awaited<ReturnType<typeof loadTf>>): BenchCase {
  return {
    name: `add-${n >> 20}M`,
    unit: 'GB/s',
    work: (12 * n) / 1e9, // read a, read b, write out
    contenders: () => {
      const aData = benchData(n, 4);
      const bData = benchData(n, 5);
      const list: Contender[] = [];
      for (const [name, core] of descentBuilds()) {
        const { binary } = elementwiseKernels(core);
        const a = core.fromArray(aData, true);
        const b = core.fromArray(bData, true);
        list.push({
          name,
          run: () => core.tidy(() => void binary('add', a, [n], b, [n])),
          dispose: () => {
            a.free();
            b.free();
          },
        });
      }
      if (tf) {
        for (const backend of ['wasm', 'cpu'] as const) {
          list.push(
            tfContender(tf, backend, () => {
              const a = tf.tensor1d(aData);
              const b = tf.tensor1d(bData);
              return {
                run: () => tf.add(a, b).dispose(),
                dispose: () => {
                  a.dispose();
                  b.dispose();
                },
              };
            }),
          );
        }
      }
      const out = new Float32Array(n);
      list.push({
        name: 'js',
        run: () => {
          for (let i = 0; i < n; i++) out[i] = aData[i]! + bData[i]!;
        },
      });
      return list;
    },
  };
}

export const kernelsSuite: Suite = {
  name: 'kernels',
  description: 'softmax cross-entropy (loss + gradient) and a large elementwise add',
  async cases() {
    const tf = await loadTf();
    return [crossEntropyCase(128, 10, tf), crossEntropyCase(512, 1000, tf), addCase(1 << 22, tf)];
  },
};
