import { argmax, crossEntropy, mseLoss, noGrad, tensor, tidy, type Module, type Tensor } from '@descent/autodiff';
import { inEvalMode } from '../fit/model.js';
import type { Split } from './data.js';

/** Loss and accuracy (classification) or MSE (regression) of a model on some rows. */
export interface Scores {
  loss: number;
  accuracy?: number;
  mse?: number;
}

/**
 * Mean loss over all rows, L = (1/n) Σ_batches Σ_rows ℓᵢ (cross-entropy from logits, or squared
 * error), and accuracy (1/n) Σ [argmax outᵢ = yᵢ] or MSE; eval mode, no graph, batches of
 * `batch` rows whose sums are added in f64.
 */
export function scoreSplit(model: Module, data: Split, features: number, batch = 512): Scores {
  let lossSum = 0;
  let correct = 0;
  const classification = data.y instanceof Int32Array;
  inEvalMode(model, () =>
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
    }),
  );
  const loss = lossSum / data.n;
  return classification ? { loss, accuracy: correct / data.n } : { loss, mse: loss };
}
