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

/** out row r = f(row r of a, row r of b): the per-row shell of the softmax family. */
function mapRows(
  a: Float64Array,
  b: Float64Array,
  rows: number,
  cols: number,
  f: (a: Float64Array, b: Float64Array, out: Float64Array) => void,
): Float64Array {
  const out = new Float64Array(a.length);
  for (let r = 0; r < rows; r++) f(row(a, r, cols), row(b, r, cols), row(out, r, cols));
  return out;
}

/** Softmax family of the f64 reference backend. */
export function softmaxReference(): Pick<Backend<Float64Array>, SoftmaxOps> {
  return {
    /** softmax(x)_j = e^{x_j − lse(x)} */
    softmax(x, rows, cols) {
      check(x, rows, cols, 'softmax', 'x');
      return mapRows(x, x, rows, cols, (xr, _, out) => {
        const lse = logSumExp(xr);
        for (let j = 0; j < cols; j++) out[j] = Math.exp(xr[j]! - lse);
      });
    },
    /** logSoftmax(x)_j = x_j − lse(x) */
    logSoftmax(x, rows, cols) {
      check(x, rows, cols, 'logSoftmax', 'x');
      return mapRows(x, x, rows, cols, (xr, _, out) => {
        const lse = logSumExp(xr);
        for (let j = 0; j < cols; j++) out[j] = xr[j]! - lse;
      });
    },
    /** dx = y ⊙ (dy − Σ dy⊙y) */
    softmaxBackward(y, dy, rows, cols) {
      check(y, rows, cols, 'softmaxBackward', 'y');
      check(dy, rows, cols, 'softmaxBackward', 'dy');
      return mapRows(y, dy, rows, cols, (yr, dyr, out) => {
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += dyr[j]! * yr[j]!;
        for (let j = 0; j < cols; j++) out[j] = yr[j]! * (dyr[j]! - dot);
      });
    },
    /** dx = dy − e^{y} ⊙ Σ dy */
    logSoftmaxBackward(y, dy, rows, cols) {
      check(y, rows, cols, 'logSoftmaxBackward', 'y');
      check(dy, rows, cols, 'logSoftmaxBackward', 'dy');
      return mapRows(y, dy, rows, cols, (yr, dyr, out) => {
        let s = 0;
        for (let j = 0; j < cols; j++) s += dyr[j]!;
        for (let j = 0; j < cols; j++) out[j] = dyr[j]! - Math.exp(yr[j]!) * s;
      });
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
