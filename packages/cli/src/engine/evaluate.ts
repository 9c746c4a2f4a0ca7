import { argmax, crossEntropy, mseLoss, noGrad, tensor, tidy, type Module, type Tensor } from '@descent/autodiff';
import type { Split } from '../data/prepare.js';

/** Loss and accuracy (classification) or MSE (regression) of a model on some rows. */
export interface Scores {
  loss: number;
  accuracy?: number;
  mse?: number;
}

/** Model outputs [n, width] in eval mode, without a graph, in batches of `batch` rows. */
export function predict(model: Module, x: Float32Array, features: number, batch = 512): { out: Float32Array; width: number } {
  const n = x.length / features;
  const wasTraining = model.training;
  model.eval();
  const parts: Float32Array[] = [];
  let width = 0;
  try {
    noGrad(() => {
      for (let s = 0; s < n; s += batch) {
        const b = Math.min(batch, n - s);
        const out = tidy(() => {
          const y = model.forward(tensor(x.subarray(s * features, (s + b) * features), { shape: [b, features] }));
          width = y.size / b;
          return Float32Array.from(y.data());
        });
        parts.push(out);
      }
    });
  } finally {
    if (wasTraining) model.train();
  }
  const out = new Float32Array(n * width);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { out, width };
}

/**
 * Mean loss over all rows (cross-entropy from logits, or MSE) and accuracy / MSE, computed in
 * eval mode in batches; per-batch sums are added in f64.
 */
export function evaluate(model: Module, data: Split, features: number, batch = 512): Scores {
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let correct = 0;
  const classification = data.y instanceof Int32Array;
  try {
    noGrad(() => {
      for (let s = 0; s < data.n; s += batch) {
        const b = Math.min(batch, data.n - s);
        const [l, c] = tidy(() => {
          const out: Tensor = model.forward(tensor(data.x.subarray(s * features, (s + b) * features), { shape: [b, features] }));
          if (classification) {
            const y = (data.y as Int32Array).subarray(s, s + b);
            const loss = crossEntropy(out, y, { reduction: 'sum' }).item();
            const pred = argmax(out, 1);
            let ok = 0;
            for (let i = 0; i < b; i++) if (pred[i] === y[i]) ok++;
            return [loss, ok];
          }
          const target = tensor(data.y.subarray(s, s + b), { shape: out.shape });
          return [mseLoss(out, target, { reduction: 'sum' }).item(), 0];
        });
        lossSum += l;
        correct += c;
      }
    });
  } finally {
    if (wasTraining) model.train();
  }
  const loss = lossSum / data.n;
  return classification ? { loss, accuracy: correct / data.n } : { loss, mse: loss };
}
