import { DescentError } from '@descent/optim-wasm';
import { noGrad, tensor, tidy } from '@descent/autodiff';
import { checkFitData, inEvalMode, type FitData, type Model } from './model.js';
import { resolveLoss, type LossSpec } from './loss.js';
import { accuracy, argmaxRows, confusionMatrix, meanSquaredError, RunningMean } from './metrics.js';

/**
 * Options of `evaluate`: rows per forward pass, the loss, and whether to count the confusion
 * matrix.
 */
export interface EvaluateOptions {
  /** Rows per forward pass (default 256); results do not depend on it beyond f32 rounding of the loss. */
  batchSize?: number;
  /** Default: 'crossEntropy' for Int32Array labels, 'mse' otherwise. */
  loss?: LossSpec;
  /** Also return the confusion matrix (classification). Default true. */
  confusion?: boolean;
}

/**
 * What `evaluate` returns over the n rows: the mean loss, and accuracy and the confusion matrix
 * (classification) or the MSE (regression).
 */
export interface Evaluation {
  n: number;
  /** Mean loss over all rows (batch means weighted by batch size, summed in f64). */
  loss: number;
  /** Classification: fraction of rows whose argmax output equals the label. */
  accuracy?: number;
  /** Regression: mean squared error of the outputs. */
  mse?: number;
  /** Classification: row-major [classes, classes], rows = true class (see confusionMatrix). */
  confusion?: Int32Array;
  classes?: number;
}

/**
 * Model outputs for every row, batched, in eval mode and without recording a graph:
 * a row-major [n, outputs] Float32Array. Each batch runs in a memory scope.
 */
export function predict(model: Model, x: Float32Array, features: number, options: { batchSize?: number } = {}): { outputs: Float32Array; width: number } {
  const n = x.length / features;
  if (!Number.isInteger(n) || n < 1) throw new DescentError('bad-data', `predict: x has ${x.length} values, not a whole number >= 1 of rows of ${features} features`);
  const b = batchSizeOf('predict', options.batchSize);
  const parts: Float32Array[] = [];
  inEvalMode(model, () =>
    noGrad(() => {
      for (let s = 0; s < n; s += b) {
        const rows = Math.min(b, n - s);
        parts.push(tidy(() => model.forward(tensor(x.subarray(s * features, (s + rows) * features), { shape: [rows, features] })).data() as Float32Array));
      }
    }),
  );
  const width = parts[0]!.length / Math.min(b, n);
  const outputs = new Float32Array(n * width);
  let at = 0;
  for (const p of parts) {
    outputs.set(p, at);
    at += p.length;
  }
  return { outputs, width };
}

/**
 * Loss and metrics of `model` on `data`: eval mode (dropout off, batch-norm running statistics),
 * no gradient, batched. loss = (1/n) Σ_batches b·ℓ_batch; accuracy = (1/n) Σᵢ [argmax outᵢ = yᵢ];
 * for regression mse = (1/(n·outputs)) Σ (outᵢ − yᵢ)² (in f64; with the 'mse' loss, loss = mse).
 */
export function evaluate(model: Model, data: FitData, options: EvaluateOptions = {}): Evaluation {
  checkFitData('evaluate', 'data', data);
  const classes = data.y instanceof Int32Array;
  const { fn, name: lossName } = resolveLoss(options.loss, classes);
  const b = batchSizeOf('evaluate', options.batchSize);
  const { n, features, x, y } = data;
  const loss = new RunningMean();
  const outs: Float32Array[] = [];
  inEvalMode(model, () =>
    noGrad(() => {
      for (let s = 0; s < n; s += b) {
        const rows = Math.min(b, n - s);
        const yb = y.subarray(s * (y.length / n), (s + rows) * (y.length / n)) as Int32Array | Float32Array;
        const [value, out] = tidy(() => {
          const output = model.forward(tensor(x.subarray(s * features, (s + rows) * features), { shape: [rows, features] }));
          return [fn(output, yb).item(), output.data() as Float32Array] as const;
        });
        loss.add(value, rows);
        outs.push(out);
      }
    }),
  );
  const all = concat(outs);
  const result: Evaluation = { n, loss: loss.mean() };
  if (classes) {
    const width = all.length / n;
    const pred = argmaxRows(all, width);
    result.accuracy = accuracy(pred, y);
    result.classes = width;
    if (options.confusion ?? true) result.confusion = confusionMatrix(y, pred, width);
  } else if (all.length === y.length) {
    result.mse = meanSquaredError(all, y);
    // the MSE loss is that same mean, summed in f64 rather than from f32 batch means
    if (lossName === 'mse') result.loss = result.mse;
  }
  return result;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function batchSizeOf(op: string, b: number | undefined): number {
  const v = b ?? 256;
  if (!Number.isInteger(v) || v < 1) throw new DescentError('bad-arg', `${op}: batchSize must be an integer >= 1, got ${v}`);
  return v;
}
