// What the classifier view draws from a trained model: class probabilities of a grid of points.
import { noGrad, softmax, tensor, tidy, type Module } from '@descent/autodiff';
import type { Heatmap } from '../protocol.js';

/** Class probabilities [n, classes] of a predictor of rows (eval mode, no graph). */
export function probabilities(model: Module, x: Float32Array, features: number): Float32Array {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => tidy(() => Float32Array.from(softmax(model.forward(tensor(x, { shape: [x.length / features, features] })), 1).data())));
  } finally {
    if (wasTraining) model.train();
  }
}

/** A heatmap from class probabilities of the grid points: p(class 1) or the top class and its probability. */
export function heatmapOf(prob: ArrayLike<number>, classes: number, res: number, bounds: [number, number, number, number]): Heatmap {
  const n = res * res;
  const p = new Float32Array(n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (prob[i * classes + k]! > prob[i * classes + best]!) best = k;
    label[i] = best;
    p[i] = classes === 2 ? prob[i * 2 + 1]! : prob[i * classes + best]!;
  }
  return { res, bounds, p, label };
}
