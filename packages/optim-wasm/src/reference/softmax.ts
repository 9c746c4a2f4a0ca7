import { DescentError } from '../errors.js';
import type { Backend } from '../backend/backend.js';
import { checkMatrix } from '../kernels/checks.js';
import { checkLabelSmoothing, checkTargets, type SoftmaxOps } from '../kernels/softmax.js';

/** Row r of a [rows, cols] matrix as a subarray view. */
const row = (x: Float64Array, r: number, cols: number) => x.subarray(r * cols, (r + 1) * cols);

/** ln Σ_j e^{x_j}, shifted by the row max so that large logits stay finite. */
function logSumExp(x: Float64Array): number {
  let m = -Infinity;
  for (const v of x) m = Math.max(m, v);
  let s = 0;
  for (const v of x) s += Math.exp(v - m);
  return m + Math.log(s);
}

function check(x: Float64Array, rows: number, cols: number, kernel: string, field: string): void {
  if (!(x instanceof Float64Array)) throw new DescentError('type', `${kernel}: ${field} must be a Float64Array`);
  checkMatrix(x.length, rows, cols, kernel, field);
}

/** Softmax family of the f64 reference backend. */
export function softmaxReference(): Pick<Backend<Float64Array>, SoftmaxOps> {
  return {
    /** softmax(x)_j = e^{x_j − lse(x)} */
    softmax(x, rows, cols) {
      check(x, rows, cols, 'softmax', 'x');
      const out = new Float64Array(x.length);
      for (let r = 0; r < rows; r++) {
        const lse = logSumExp(row(x, r, cols));
        for (let j = 0; j < cols; j++) out[r * cols + j] = Math.exp(x[r * cols + j]! - lse);
      }
      return out;
    },
    /** logSoftmax(x)_j = x_j − lse(x) */
    logSoftmax(x, rows, cols) {
      check(x, rows, cols, 'logSoftmax', 'x');
      const out = new Float64Array(x.length);
      for (let r = 0; r < rows; r++) {
        const lse = logSumExp(row(x, r, cols));
        for (let j = 0; j < cols; j++) out[r * cols + j] = x[r * cols + j]! - lse;
      }
      return out;
    },
    /** dx = y ⊙ (dy − Σ dy⊙y) */
    softmaxBackward(y, dy, rows, cols) {
      check(y, rows, cols, 'softmaxBackward', 'y');
      check(dy, rows, cols, 'softmaxBackward', 'dy');
      const out = new Float64Array(y.length);
      for (let r = 0; r < rows; r++) {
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += dy[r * cols + j]! * y[r * cols + j]!;
        for (let j = 0; j < cols; j++) out[r * cols + j] = y[r * cols + j]! * (dy[r * cols + j]! - dot);
      }
      return out;
    },
    /** dx = dy − e^{y} ⊙ Σ dy */
    logSoftmaxBackward(y, dy, rows, cols) {
      check(y, rows, cols, 'logSoftmaxBackward', 'y');
      check(dy, rows, cols, 'logSoftmaxBackward', 'dy');
      const out = new Float64Array(y.length);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += dy[r * cols + j]!;
        for (let j = 0; j < cols; j++) out[r * cols + j] = dy[r * cols + j]! - Math.exp(y[r * cols + j]!) * s;
      }
      return out;
    },
    /** loss_r = Σ_j q_j (lse − x_j) with q = (1−ε)·onehot(t) + ε/C;  grad = softmax(x) − q */
    softmaxCrossEntropy(logits, targets, rows, cols, labelSmoothing) {
      const kernel = 'softmaxCrossEntropy';
      check(logits, rows, cols, kernel, 'logits');
      if (rows > 0 && cols === 0) throw new DescentError('shape', `${kernel}: needs at least one class, got cols 0`);
      checkTargets(targets, rows, cols, kernel);
      checkLabelSmoothing(labelSmoothing, kernel);
      const loss = new Float64Array(rows);
      const grad = new Float64Array(logits.length);
      for (let r = 0; r < rows; r++) {
        const lse = logSumExp(row(logits, r, cols));
        for (let j = 0; j < cols; j++) {
          const q = (j === targets[r] ? 1 - labelSmoothing : 0) + labelSmoothing / cols;
          const x = logits[r * cols + j]!;
          loss[r] = loss[r]! + q * (lse - x);
          grad[r * cols + j] = Math.exp(x - lse) - q;
        }
      }
      return { loss, grad };
    },
  };
}
